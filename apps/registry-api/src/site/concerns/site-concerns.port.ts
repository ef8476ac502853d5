import type { SiteLanguage } from '../i18n/messages';

/** A resident's concern about an entry as the public may read it: the question and the answer. */
export interface PublicConcernAnswer {
  /** Public reference of the concern (never its tracking or erasure code). */
  reference: string;
  question: string;
  answer: string;
  answeredAt: Date;
}

/** What the entry page shows of concerns. */
export interface EntryConcerns {
  /** Whether residents can file a concern about this entry here (then the page links the form). */
  canFile: boolean;
  /** Answered concerns the department has made public, newest first. */
  answers: PublicConcernAnswer[];
}

/**
 * THE seam between the public site and concerns (issue 10, built on its own branch). The site
 * asks this port, and nothing else, about concerns; the concerns library provides an
 * implementation (bound to `SITE_CONCERNS` in the site module), which also brings the form,
 * receipt and tracking pages as its own controller under `/:lang/entries/:slug/concerns` and
 * `/:lang/concerns/...`. Until then `NoConcernsYet` answers: no form, no answers, and the entry
 * page says where to turn instead.
 */
export interface SiteConcerns {
  /** Concerns of one published entry, for its page (one round trip; no per-answer query). */
  forEntry(entryId: string, lang: SiteLanguage): Promise<EntryConcerns>;
}

export const SITE_CONCERNS = Symbol('SITE_CONCERNS');

/** The stand-in until the concerns capability is merged. */
export class NoConcernsYet implements SiteConcerns {
  forEntry(): Promise<EntryConcerns> {
    return Promise.resolve({ canFile: false, answers: [] });
  }
}
