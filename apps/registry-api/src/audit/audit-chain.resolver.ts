import { Query, Resolver } from '@nestjs/graphql';
import { AuditEventsRepository } from '@insyn/audit';
import { AuditChainHeadObject } from './audit-chain-head.object';

/** The public head of the audit chain (anonymous: a hash, an id and a time, no details). */
@Resolver(() => AuditChainHeadObject)
export class AuditChainResolver {
  constructor(private readonly events: AuditEventsRepository) {}

  @Query(() => AuditChainHeadObject, {
    nullable: true,
    description:
      'Anyone. The current head of the audit log’s hash chain; null while the log is empty. Also at /open-data/audit-chain-head.json.',
  })
  async auditChainHead(): Promise<AuditChainHeadObject | null> {
    const head = await this.events.chainHead();
    return (
      head && { eventId: head.eventId, hash: head.hash, occurredAt: new Date(head.occurredAt) }
    );
  }
}
