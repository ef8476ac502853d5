import { EmailAddressFault, emailAddressFault, emailAddressProblem } from '@insyn/errors';
import { CONCERN_LIMITS } from './concern-enums';

/** What is wrong with a resident's contact e-mail, for a message in the resident's language. */
export type ContactEmailFault = EmailAddressFault;

/**
 * What is wrong with a resident's contact e-mail (already trimmed), or null when it may be
 * mailed. The one check of the GraphQL API and the site's form (both file through the concerns
 * service); entries' public contact addresses are held to the same rule.
 */
export function contactEmailFault(email: string): ContactEmailFault | null {
  return emailAddressFault(email, CONCERN_LIMITS.email);
}

/** `contactEmailFault` as the end of a sentence about the field ("must be …"), for the API. */
export function contactEmailProblem(email: string): string | null {
  return emailAddressProblem(email, CONCERN_LIMITS.email);
}
