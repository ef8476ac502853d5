import { randomUUID } from 'node:crypto';
import { SecretBox } from '@insyn/access';
import { OutgoingMail } from '@insyn/outbox';

/** One e-mail to a resident, plain text only. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Content-Language of the message. */
  language: string;
}

/** The SecretBox purpose of mail outbox payloads. */
export const MAIL_OUTBOX_PURPOSE = 'mail-outbox';

/** The box that seals and opens mail outbox payloads, from the contact secret. */
export function mailOutboxBox(contactSecret: string): SecretBox {
  return new SecretBox(contactSecret, MAIL_OUTBOX_PURPOSE);
}

/** A message sealed for the mail outbox, with a new Message-ID that every attempt will reuse. */
export function sealMail(
  box: SecretBox,
  message: MailMessage,
  meta: { purpose: string; reference: string; domain?: string },
): OutgoingMail {
  const messageId = `${randomUUID()}@${meta.domain ?? 'insyn'}`;
  return {
    messageId,
    purpose: meta.purpose,
    reference: meta.reference,
    payload: box.seal(JSON.stringify(message), messageId),
  };
}

/** Opens a payload sealed by `sealMail` (throws SealBrokenError when it does not open). */
export function openMail(box: SecretBox, messageId: string, payload: Buffer): MailMessage {
  return JSON.parse(box.open(payload, messageId)) as MailMessage;
}
