import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@insyn/access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AuditChainHeadObject } from './audit-chain-head.object';
import { PublicChainHead } from './public-chain-head';

/** The head of the audit chain (a hash, an id and a time, no details): see PublicChainHead. */
@Resolver(() => AuditChainHeadObject)
export class AuditChainResolver {
  constructor(private readonly heads: PublicChainHead) {}

  @Query(() => AuditChainHeadObject, {
    nullable: true,
    description:
      'Anyone. The head of the audit log’s hash chain as it stood at the start of today (UTC), the same all day (`checkpointDay`); AUDITOR and ADMIN get the live head (`checkpointDay` null). Null while no event is in it. Also at /open-data/audit-chain-head.json.',
  })
  async auditChainHead(@CurrentActor() actor: Actor): Promise<AuditChainHeadObject | null> {
    const { head, checkpointDay } = await this.heads.forReader(actor);
    return (
      head && {
        eventId: head.eventId,
        hash: head.hash,
        occurredAt: new Date(head.occurredAt),
        checkpointDay,
      }
    );
  }
}
