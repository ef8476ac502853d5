import { SecretBox } from '@insyn/access';

/** Injection token of the contact secret's boxes (see `ConcernSecrets`). */
export const CONCERN_SECRETS = Symbol('CONCERN_SECRETS');

/**
 * The keys derived from INSYN_CONTACT_SECRET for concerns, one per purpose: the sealed contact,
 * and the keyed hashes of tracking and erasure codes (two keys, so one code's hash says nothing
 * about the other's).
 */
export class ConcernSecrets {
  readonly contact: SecretBox;
  readonly tracking: SecretBox;
  readonly erasure: SecretBox;
  /** Derives the codes of a form's submission, so that sending it again files nothing new. */
  readonly submission: SecretBox;

  constructor(contactSecret: string) {
    this.contact = new SecretBox(contactSecret, 'concern-contact');
    this.tracking = new SecretBox(contactSecret, 'concern-tracking-code');
    this.erasure = new SecretBox(contactSecret, 'concern-erasure-code');
    this.submission = new SecretBox(contactSecret, 'concern-submission-codes');
  }
}

/** What a concern's sealed contact holds: the address, and the code its tracking link needs. */
export interface ConcernContact {
  email: string;
  trackingCode: string;
}
