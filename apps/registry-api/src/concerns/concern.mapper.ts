import { answerStands, ConcernAnswerEntity, ConcernEntity, ConcernLanguage } from '@insyn/concerns';
import {
  ConcernAnswerObject,
  ConcernObject,
  PublicConcernObject,
  TrackedConcernObject,
} from './concern.objects';

/**
 * The concern's answer while it stands: a concern reopened after its answer (or rejected after
 * that) still holds that answer, but it is an earlier answer (`earlierAnswersOf`), not its answer.
 */
export function answersOf(concern: ConcernEntity): {
  answer: string | null;
  answerLanguage: ConcernLanguage | null;
  answeredAt: Date | null;
  answerAmendedAt: Date | null;
} {
  if (answerStands(concern.status) && concern.answer !== null)
    return {
      answer: concern.answer,
      answerLanguage: concern.answerLanguage,
      answeredAt: concern.answeredAt,
      answerAmendedAt: concern.answerAmendedAt,
    };
  return { answer: null, answerLanguage: null, answeredAt: null, answerAmendedAt: null };
}

/**
 * The earlier answers among a concern's wordings (`ConcernsRepository.answersByConcerns`, newest
 * first): those superseded, by an amendment or a reopening, except the latest while the concern's
 * answer stands (`answersOf(concern).answer` is not null): that wording is the answer. (A concern
 * reopened and then CLOSED without a new answer has its last answer standing again, as the
 * figures count it.)
 */
export function earlierAnswersOf(
  history: readonly ConcernAnswerEntity[],
  answerStands: boolean,
): ConcernAnswerObject[] {
  return (answerStands ? history.slice(1) : history).flatMap((wording) =>
    wording.supersededAt && wording.supersededBecause
      ? [
          {
            answer: wording.answer,
            language: wording.language,
            answeredAt: wording.answeredAt,
            supersededAt: wording.supersededAt,
            supersededBecause: wording.supersededBecause,
          },
        ]
      : [],
  );
}

/** What anyone holding the tracking code may see: never text or contact. */
export function toTrackedConcernObject(concern: ConcernEntity): TrackedConcernObject {
  return {
    id: concern.id,
    status: concern.status,
    category: concern.category,
    filedAt: concern.filedAt,
    firstResponseAt: concern.firstResponseAt,
    ...answersOf(concern),
    closedAt: concern.closedAt,
    statusChangedAt: concern.statusChangedAt,
    rejectionReason: concern.rejectionReason,
    rejectionReasonLanguage: concern.rejectionReasonLanguage,
    erasedAt: concern.erasedAt,
    entryId: concern.entryId,
    principleCodes: concern.principleCodes,
  };
}

/** The staff view; the contact e-mail is decided by the caller (owning editors only). */
export function toConcernObject(
  concern: ConcernEntity,
  contactEmail: string | null,
): ConcernObject {
  return {
    ...toTrackedConcernObject(concern),
    text: concern.text,
    consentToPublish: concern.consentToPublish,
    textPublishable: concern.textPublishable,
    language: concern.language,
    hadContact: concern.hadContact,
    contactErasedAt: concern.contactErasedAt,
    contactEmail,
    departmentId: concern.departmentId,
  };
}

/**
 * THE public projection of a concern on its entry: the resident's text only when they consented
 * and the department marked it publishable (and it was not erased).
 */
export function toPublicConcernObject(concern: ConcernEntity): PublicConcernObject {
  const published = concern.consentToPublish && concern.textPublishable && concern.text !== null;
  return {
    id: concern.id,
    status: concern.status,
    category: concern.category,
    filedAt: concern.filedAt,
    ...answersOf(concern),
    rejectionReason: concern.rejectionReason,
    rejectionReasonLanguage: concern.rejectionReasonLanguage,
    residentText: published ? concern.text : null,
    principleCodes: concern.principleCodes,
  };
}
