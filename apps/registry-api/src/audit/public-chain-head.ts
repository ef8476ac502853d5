import { Injectable } from '@nestjs/common';
import { Actor, Role } from '@insyn/access';
import { AuditChainHead, AuditEventsRepository } from '@insyn/audit';
import { RegistryClock } from '@insyn/registry';

/** The chain head a reader is given, and the day it is the checkpoint of (null: the live head). */
export interface ReadersChainHead {
  head: AuditChainHead | null;
  checkpointDay: string | null;
}

/**
 * Which head of the audit chain a reader may know. Auditors and admins, who read the audit log
 * itself: the live head. Everyone else (the public, residents, editors, reviewers): the head at
 * the start of today, as the site and feeds show it. The live head moves with every step the
 * public may not see, a draft saved or a submission as much as a publication, so it would time
 * them (and the events before a publication would tell how long its review took).
 */
@Injectable()
export class PublicChainHead {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly clock: RegistryClock,
  ) {}

  async forReader(actor: Actor): Promise<ReadersChainHead> {
    if (readsAuditLog(actor)) return { head: await this.events.chainHead(), checkpointDay: null };
    const { day, head } = await this.events.dailyHead(this.clock.today());
    return { head, checkpointDay: day };
  }
}

function readsAuditLog(actor: Actor): boolean {
  return actor.kind === 'token' && (actor.role === Role.AUDITOR || actor.role === Role.ADMIN);
}
