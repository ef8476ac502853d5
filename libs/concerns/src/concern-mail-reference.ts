/** The reference of a concern's messages in the mail outbox (cancelled when it is erased). */
export const concernMailReference = (concernId: string): string => `concern:${concernId}`;

const CONCERN_MAIL_REFERENCE =
  /^concern:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The concern a mail reference names (`concernMailReference` read back); null for other mail. */
export const concernIdOfMailReference = (reference: string): string | null =>
  CONCERN_MAIL_REFERENCE.exec(reference)?.[1] ?? null;
