/** The reference of a concern's messages in the mail outbox (cancelled when it is erased). */
export const concernMailReference = (concernId: string): string => `concern:${concernId}`;
