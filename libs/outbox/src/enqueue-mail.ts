import { EntityManager } from 'typeorm';
import { MailOutboxEntity } from './mail-outbox.entity';

/** A message ready for the mail outbox: sealed by the caller, so the outbox never holds it in clear. */
export interface OutgoingMail {
  messageId: string;
  purpose: string;
  reference: string;
  payload: Buffer;
}

/** Queues an e-mail inside the caller's transaction: it is sent if and only if the change commits. */
export async function enqueueMail(manager: EntityManager, mail: OutgoingMail): Promise<void> {
  await manager.insert(MailOutboxEntity, mail);
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
