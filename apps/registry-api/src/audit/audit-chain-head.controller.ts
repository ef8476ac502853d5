import { Controller, Get, Header } from '@nestjs/common';
import { AuditEventsRepository } from '@insyn/audit';

/** The shape of `/open-data/audit-chain-head.json`. */
export interface AuditChainHeadDocument {
  /** Always `SHA-256`: how `hash` was made (over the event's canonical JSON, RFC 8785). */
  algorithm: 'SHA-256';
  /** Id of the newest event; null while the log is empty. */
  eventId: string | null;
  hash: string | null;
  /** UTC, with microseconds, as the hash covers it. */
  occurredAt: string | null;
}

/**
 * GET /open-data/audit-chain-head.json: the current head of the audit chain as open data, for
 * anyone to keep (the public site shows it too). No details of the event.
 */
@Controller('open-data')
export class AuditChainHeadController {
  constructor(private readonly events: AuditEventsRepository) {}

  @Get('audit-chain-head.json')
  @Header('Cache-Control', 'no-cache')
  @Header('Access-Control-Allow-Origin', '*')
  async head(): Promise<AuditChainHeadDocument> {
    const head = await this.events.chainHead();
    return {
      algorithm: 'SHA-256',
      eventId: head?.eventId ?? null,
      hash: head?.hash ?? null,
      occurredAt: head?.occurredAt ?? null,
    };
  }
}
