import { Injectable } from '@nestjs/common';
import { acceptsConcerns, ConcernEntity, ConcernsRepository, ConcernStatus } from '@insyn/concerns';
import type { EntryEntity } from '@insyn/registry';
import { earlierAnswersOf, toPublicConcernObject } from '../../concerns/concern.mapper';
import type {
  AnswersPage,
  EntryConcerns,
  PublicConcernAnswer,
  SiteConcerns,
} from './site-concerns.port';

/** As many public answers as the GraphQL `publicConcerns` gives by default. */
export const SITE_PUBLIC_ANSWERS = 20;
/** Answers per page of an entry's older answers (`/<lang>/entries/<slug>/answers`). */
export const SITE_ANSWERS_PAGE = 50;

/**
 * The site's concerns, read through the concerns library: the answered and rejected concerns
 * of an entry, projected exactly as the GraphQL `publicConcerns` field projects them (the
 * resident's text only with their consent), each with its earlier answers. The site calls this only for an entry it found in
 * the published view, so drafts never reach it.
 */
@Injectable()
export class RegistrySiteConcerns implements SiteConcerns {
  constructor(private readonly concerns: ConcernsRepository) {}

  async forEntry(entry: EntryEntity): Promise<EntryConcerns> {
    const entryId = entry.id;
    const [page, countsByEntry] = await Promise.all([
      this.concerns.publicPage(entryId, SITE_PUBLIC_ANSWERS),
      this.concerns.countsByEntries([entryId]),
    ]);
    const { answers, more } = await this.answersOf(page!);
    // Published entries take concerns (the site's form); retired ones show their answers only.
    const counts = countsByEntry.get(entryId) ?? { open: 0, answered: 0 };
    return {
      canFile: acceptsConcerns(entry),
      answers,
      more,
      counts: { open: counts.open, answered: counts.answered },
    };
  }

  async olderAnswers(entry: EntryEntity, after: string): Promise<AnswersPage | null> {
    const page = await this.concerns.publicPage(entry.id, SITE_ANSWERS_PAGE, after);
    return page ? this.answersOf(page) : null;
  }

  /** A page of public concerns as the site shows them, and the next page's cursor if any. */
  private async answersOf(page: {
    concerns: ConcernEntity[];
    hasMore: boolean;
  }): Promise<AnswersPage> {
    const { concerns } = page;
    // Every concern's earlier answers in one query.
    const histories = await this.concerns.answersByConcerns(concerns.map((c) => c.id));
    const answers = concerns.flatMap((concern): PublicConcernAnswer[] => {
      const c = toPublicConcernObject(concern);
      const rejected = c.status === ConcernStatus.REJECTED;
      const history = histories.get(concern.id) ?? [];
      const earlierAnswers = earlierAnswersOf(history, c.answer !== null).map((e) => ({
        answer: e.answer,
        language: e.language,
        answeredAt: e.answeredAt,
        because: e.supersededBecause,
      }));
      const answer = rejected ? c.rejectionReason : c.answer;
      if (answer === null && !earlierAnswers.length) return [];
      return [
        {
          reference: c.id,
          question: c.residentText,
          answer,
          rejected,
          // A rejection has no answer time: it was given when the status last changed.
          answeredAt: answer === null ? null : rejected ? concern.statusChangedAt : c.answeredAt,
          amendedAt: rejected ? null : c.answerAmendedAt,
          earlierAnswers,
          language: concern.language,
          answerLanguage: rejected ? c.rejectionReasonLanguage : c.answerLanguage,
        },
      ];
    });
    return { answers, more: page.hasMore ? (concerns.at(-1)?.id ?? null) : null };
  }
}
