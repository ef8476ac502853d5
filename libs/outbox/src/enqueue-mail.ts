import { EntityManager } from 'typeorm';
import { MailOutboxEntity } from './mail-outbox.entity';

/** A message ready for the mail outbox: sealed by the caller, so the outbox never holds it in clear. */
export interface OutgoingMail {
  messageId: string;
  purpose: string;
  reference: string;
  payload: Buffer;
}

/**
 * Queues an e-mail inside the caller's transaction: it is sent if and only if the change commits,
 * after `delaySeconds` (by the database's clock, as the dispatcher reads it) when given.
 */
export async function enqueueMail(
  manager: EntityManager,
  mail: OutgoingMail,
  delaySeconds = 0,
): Promise<void> {
  if (!Number.isInteger(delaySeconds) || delaySeconds < 0)
    throw new RangeError('delaySeconds must be a whole number of seconds, 0 or more');
  await manager.insert(MailOutboxEntity, {
    ...mail,
    ...(delaySeconds
      ? { availableAt: () => `now() + make_interval(secs => ${delaySeconds})` }
      : {}),
  });
}

/** Drops the unsent messages of a reference (an erased concern): their payloads go with them. */
export async function cancelMail(manager: EntityManager, references: string[]): Promise<number> {
  if (!references.length) return 0;
  const result: [unknown[], number] = await manager.query(
    'DELETE FROM mail_outbox WHERE reference = ANY($1::text[]) AND sent_at IS NULL',
    [references],
  );
  return result[1] ?? 0;
}

/** A message withdrawn before it was sent; `inFlight` when a dispatcher held it at that moment. */
export interface WithdrawnMail {
  purpose: string;
  inFlight: boolean;
}

/**
 * Withdraws a reference's unsent messages of some purposes (superseded by a newer message the
 * caller queues in the same transaction): deleted with their payloads, waiting or retrying. One
 * a dispatcher holds may be going out at this moment (its dispatcher then finds it gone and does
 * not retry it); the caller learns which were, to word what it sends next.
 */
export async function withdrawMail(
  manager: EntityManager,
  reference: string,
  purposes: string[],
): Promise<WithdrawnMail[]> {
  const [rows]: [WithdrawnMail[], number] = await manager.query(
    `DELETE FROM mail_outbox
      WHERE reference = $1 AND purpose = ANY($2::text[]) AND sent_at IS NULL AND failed_at IS NULL
      RETURNING purpose, (lease_until IS NOT NULL AND lease_until > now()) AS "inFlight"`,
    [reference, purposes],
  );
  return rows;
}
