import { Controller, Get, Header } from '@nestjs/common';
import { Actor } from '@insyn/access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { PublicChainHead } from './public-chain-head';

/** The shape of `/open-data/audit-chain-head.json`. */
export interface AuditChainHeadDocument {
  /** Always `SHA-256`: how `hash` was made (over the event's canonical JSON, RFC 8785). */
  algorithm: 'SHA-256';
  /** The day (UTC) at whose start this was the head; null for the live head (auditors, admins). */
  checkpointDay: string | null;
  /** Id of the head's event; null while no event is in the log. */
  eventId: string | null;
  hash: string | null;
  /** UTC, with microseconds, as the hash covers it. */
  occurredAt: string | null;
}

/**
 * GET /open-data/audit-chain-head.json: the head of the audit chain as open data, for anyone to
 * keep: the day's checkpoint, as the public site shows it; with an auditor's or admin's token,
 * the live head (that answer is `private, no-store`, as every answer to a token; both say `Vary:
 * Authorization`). No details of the event.
 */
@Controller('open-data')
export class AuditChainHeadController {
  constructor(private readonly heads: PublicChainHead) {}

  @Get('audit-chain-head.json')
  @Header('Cache-Control', 'no-cache')
  // Its content depends on the token: a shared cache never gives one reader's answer to another.
  @Header('Vary', 'Authorization')
  @Header('Access-Control-Allow-Origin', '*')
  async head(@CurrentActor() actor: Actor): Promise<AuditChainHeadDocument> {
    const { head, checkpointDay } = await this.heads.forReader(actor);
    return {
      algorithm: 'SHA-256',
      checkpointDay,
      eventId: head?.eventId ?? null,
      hash: head?.hash ?? null,
      occurredAt: head?.occurredAt ?? null,
    };
  }
}
