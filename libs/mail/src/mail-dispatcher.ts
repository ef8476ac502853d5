import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { SecretBox } from '@insyn/access';
import { openMail } from './mail-message';
import { MailSender } from './mail-sender';

export interface MailDispatcherOptions {
  /** Messages claimed per batch. */
  batchSize?: number;
  /** How long a claim holds a message; longer than one SMTP conversation may take. */
  leaseMs?: number;
  /** A message refused this many times is given up (logged at error level, payload cleared). */
  maxAttempts?: number;
  /** Back-off after a failure: base · 2^(attempt−1), capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Sent rows (which no longer hold a payload) are deleted after this long. */
  purgeSentAfterMs?: number;
  /** This dispatcher's name on the leases it takes (default: host, process and a random tag). */
  owner?: string;
  /**
   * Test hook, between a message being accepted by the server and being marked sent: the crash
   * window that the Message-ID covers (ADR 0004). Production code never sets it.
   */
  afterSend?: (messageId: string) => Promise<void> | void;
}

export const MAIL_DISPATCHER_DEFAULTS = {
  batchSize: 20,
  leaseMs: 120_000,
  maxAttempts: 10,
  retryBaseMs: 5_000,
  retryMaxMs: 3_600_000,
  purgeSentAfterMs: 7 * 24 * 3600_000,
} as const;

export interface MailBatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Messages whose lease ran out while they were being sent and that another dispatcher took. */
  leaseLost: number;
  /** Messages withdrawn or erased (their row deleted) while they were being sent. */
  withdrawn: number;
}

const noResult = (): MailBatchResult => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  leaseLost: 0,
  withdrawn: 0,
});

interface ClaimedMail {
  id: string;
  messageId: string;
  reference: string;
  payload: Buffer | null;
  attempts: number;
}

/**
 * Leases ready messages to a dispatcher ($3); FOR UPDATE SKIP LOCKED, so several dispatchers never
 * take the same one while its lease lasts.
 */
const CLAIM_SQL = `
WITH claimable AS (
  SELECT id FROM mail_outbox
  WHERE sent_at IS NULL AND failed_at IS NULL AND available_at <= now()
    AND (lease_until IS NULL OR lease_until < now())
  ORDER BY available_at, id
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE mail_outbox m
SET lease_until = now() + make_interval(secs => $2::double precision / 1000), lease_owner = $3
FROM claimable
WHERE m.id = claimable.id
RETURNING m.id::text AS id, m.message_id AS "messageId", m.reference, m.payload, m.attempts`;

/**
 * The row ($1) is still the lease of this dispatcher ($2) and still to be sent: no other
 * dispatcher claimed it since (a claim sets lease_owner), and nobody sent or gave it up. Its
 * lease may have run out meanwhile without anyone taking it; the message is then still ours.
 */
const STILL_MINE = 'lease_owner = $2 AND sent_at IS NULL AND failed_at IS NULL';

/**
 * Sends the mail outbox: claims ready messages with a lease, sends each with its stable
 * Message-ID, then marks it sent and clears its payload in one statement. A crash before the mark
 * leaves the message claimable again once the lease ends: it is sent again with the same
 * Message-ID, which receivers use to recognise a duplicate (ADR 0004). Failures retry with
 * back-off; after `maxAttempts` the message is given up and its payload cleared. Marking, retrying
 * and giving up apply only while the row is still this dispatcher's (`lease_owner`, unsent): one
 * whose lease ran out during a slow SMTP conversation and whose message another dispatcher took
 * over changes nothing of the other's state, and says so at warn level; one whose row was
 * withdrawn or erased while it was being sent says that, at info level.
 */
export class MailDispatcher {
  private readonly options: Required<Omit<MailDispatcherOptions, 'afterSend' | 'owner'>> &
    Pick<MailDispatcherOptions, 'afterSend'>;
  /** This dispatcher's name on the leases it holds. */
  readonly owner: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    private readonly box: SecretBox,
    private readonly log: Logger,
    options: MailDispatcherOptions = {},
  ) {
    const { owner, ...rest } = options;
    this.options = { ...MAIL_DISPATCHER_DEFAULTS, ...rest };
    this.owner = owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  async processBatch(): Promise<MailBatchResult> {
    const result = noResult();
    const [rows] = (await this.dataSource.query(CLAIM_SQL, [
      this.options.batchSize,
      this.options.leaseMs,
      this.owner,
    ])) as [ClaimedMail[], number];
    result.claimed = rows.length;
    for (const row of rows) {
      try {
        if (!row.payload) throw new Error('the message has no payload');
        const message = openMail(this.box, row.messageId, row.payload);
        await this.sender.send(message, row.messageId, row.reference);
      } catch (error) {
        await this.failed(row, error, result);
        continue;
      }
      await this.options.afterSend?.(row.messageId);
      const [, marked] = (await this.dataSource.query(
        `UPDATE mail_outbox SET sent_at = now(), payload = NULL, lease_until = NULL, last_error = NULL
         WHERE id = $1 AND ${STILL_MINE}`,
        [row.id, this.owner],
      )) as [unknown[], number];
      if (marked) result.sent++;
      else await this.leaseLost(row, 'sent', result);
    }
    return result;
  }

  /**
   * The row is no longer this dispatcher's to mark. Gone: withdrawn (a newer message of its
   * concern) or erased (the resident's erasure, the contact's retention) while it was being sent;
   * both delete unsent rows, and nothing else deletes a row but the purge of ones sent a week
   * before, so a missing row is one of them (which of the two the row no longer tells). That is
   * no fault: said at info level. Still there: its lease ran out while it was being sent, and
   * another dispatcher took it (and sends it with the same Message-ID): a warning, as the lease
   * was too short for this SMTP conversation.
   */
  private async leaseLost(
    row: ClaimedMail,
    outcome: 'sent' | 'not sent',
    result: MailBatchResult,
  ): Promise<void> {
    const [{ present }] = (await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM mail_outbox WHERE id = $1) AS present',
      [row.id],
    )) as { present: boolean }[];
    if (!present) {
      result.withdrawn++;
      this.log.info(
        { mailId: row.id, owner: this.owner, outcome },
        'e-mail withdrawn or erased while it was being sent; nothing left to mark',
      );
      return;
    }
    result.leaseLost++;
    this.log.warn(
      { mailId: row.id, owner: this.owner, outcome, leaseMs: this.options.leaseMs },
      'e-mail lease lost while sending; another dispatcher has the message, its state left as it is',
    );
  }

  /** Processes batches until nothing is ready (or the deadline passes). */
  async drain(timeoutMs = 30_000): Promise<MailBatchResult> {
    const total = noResult();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = await this.processBatch();
      total.claimed += result.claimed;
      total.sent += result.sent;
      total.retried += result.retried;
      total.failed += result.failed;
      total.leaseLost += result.leaseLost;
      total.withdrawn += result.withdrawn;
      if (!result.claimed) break;
    }
    return total;
  }

  /** Deletes sent rows older than `purgeSentAfterMs` (the outbox is a queue, not a history). */
  async purgeSent(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM mail_outbox WHERE sent_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [this.options.purgeSentAfterMs],
    );
    return result[1] ?? 0;
  }

  private async failed(row: ClaimedMail, error: unknown, result: MailBatchResult): Promise<void> {
    const attempts = row.attempts + 1;
    // The reason names the server's answer or the fault, never the message or its recipient.
    const reason = describeMailError(error);
    if (attempts >= this.options.maxAttempts) {
      const [, given] = (await this.dataSource.query(
        `UPDATE mail_outbox SET failed_at = now(), payload = NULL, lease_until = NULL,
           attempts = $3, last_error = $4 WHERE id = $1 AND ${STILL_MINE}`,
        [row.id, this.owner, attempts, reason],
      )) as [unknown[], number];
      if (!given) return this.leaseLost(row, 'not sent', result);
      result.failed++;
      this.log.error(
        { mailId: row.id, attempts, reason },
        'e-mail given up after repeated failures',
      );
      return;
    }
    const delay = Math.min(
      this.options.retryMaxMs,
      this.options.retryBaseMs * 2 ** Math.max(0, attempts - 1),
    );
    const [, retried] = (await this.dataSource.query(
      `UPDATE mail_outbox SET lease_until = NULL, attempts = $3, last_error = $4,
         available_at = now() + make_interval(secs => $5::double precision / 1000)
       WHERE id = $1 AND ${STILL_MINE}`,
      [row.id, this.owner, attempts, reason, delay],
    )) as [unknown[], number];
    if (!retried) return this.leaseLost(row, 'not sent', result);
    result.retried++;
    this.log.warn({ mailId: row.id, attempts, reason }, 'e-mail not sent; will retry');
  }
}

/** A failure as operators may read it: the error's code and the SMTP response code, no addresses. */
export function describeMailError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; name?: string };
  const parts = [e.name ?? 'Error', e.code, e.responseCode ? `SMTP ${e.responseCode}` : undefined];
  return parts.filter(Boolean).join(' ');
}
