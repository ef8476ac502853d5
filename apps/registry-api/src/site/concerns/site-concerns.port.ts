import type { EntryEntity } from '@insyn/registry';
import type { SiteLanguage } from '../i18n/messages';

/** A resident's concern about an entry as the public may read it: the question and the answer. */
export interface PublicConcernAnswer {
  /** Public reference of the concern (never its tracking or erasure code). */
  reference: string;
  /** The resident's text, or null when they did not consent to publish it (or it may not be shown). */
  question: string | null;
  /**
   * The department's standing answer, or its reason when it rejected the concern; null when the
   * concern was reopened after its answer (that answer is then the first of `earlierAnswers`).
   */
  answer: string | null;
  /** Whether the department rejected the concern (then `answer` is its reason). */
  rejected: boolean;
  /** When the answer was first given (a rejection: when it was rejected); null without `answer`. */
  answeredAt: Date | null;
  /** When the standing answer was last amended; null when it never was. */
  amendedAt: Date | null;
  /**
   * Answers no longer standing, newest first, shown after it: wordings the department amended,
   * and answers given before the concern was reopened (as GraphQL's `earlierAnswers`).
   */
  earlierAnswers: {
    answer: string;
    /** The language this wording is written in. */
    language: string;
    answeredAt: Date;
    because: 'AMENDED' | 'REOPENED';
  }[];
  /** The concern's language (`sv`, `en`): the one the resident chose, taken for their text's. */
  language: string;
  /** The language `answer` is written in (the department's choice); null without `answer`. */
  answerLanguage: string | null;
}

/** A page of an entry's public answers, and where the next begins. */
export interface AnswersPage {
  /** Answered concerns the department has made public, newest first. */
  answers: PublicConcernAnswer[];
  /** When more follow: the cursor of the next page (the last concern's id), else null. */
  more: string | null;
}

/** What the entry page shows of concerns. */
export interface EntryConcerns extends AnswersPage {
  /** Whether residents can file a concern about this entry here (then the page links the form). */
  canFile: boolean;
  /** How many concerns are open and answered, as the GraphQL `concernCounts` gives them. */
  counts: { open: number; answered: number };
}

/**
 * THE seam between the public site and concerns. The site's pages ask this port, and nothing
 * else, for an entry's concerns; `RegistrySiteConcerns` answers through the concerns library
 * (bound to `SITE_CONCERNS` in the site module). The form, receipt and tracking pages are
 * `SiteConcernsController`, under `/:lang/entries/:slug/concerns` and `/:lang/concerns/track`.
 */
export interface SiteConcerns {
  /** Concerns of one published entry, for its page (one round trip; no per-answer query). */
  forEntry(entry: EntryEntity, lang: SiteLanguage): Promise<EntryConcerns>;
  /** The public answers after the cursor `after` (null when it is no cursor of this entry). */
  olderAnswers(entry: EntryEntity, after: string): Promise<AnswersPage | null>;
}

export const SITE_CONCERNS = Symbol('SITE_CONCERNS');

/** A stand-in without concerns (no form, no answers), for a site without the concerns capability. */
export class NoConcernsYet implements SiteConcerns {
  forEntry(): Promise<EntryConcerns> {
    return Promise.resolve({
      canFile: false,
      answers: [],
      more: null,
      counts: { open: 0, answered: 0 },
    });
  }
  olderAnswers(): Promise<AnswersPage | null> {
    return Promise.resolve(null);
  }
}
