import { ConcernEntity } from '@insyn/concerns';
import { ConcernObject, PublicConcernObject, TrackedConcernObject } from './concern.objects';

/** What anyone holding the tracking code may see: never text or contact. */
export function toTrackedConcernObject(concern: ConcernEntity): TrackedConcernObject {
  return {
    id: concern.id,
    status: concern.status,
    category: concern.category,
    filedAt: concern.filedAt,
    firstResponseAt: concern.firstResponseAt,
    answeredAt: concern.answeredAt,
    closedAt: concern.closedAt,
    statusChangedAt: concern.statusChangedAt,
    answer: concern.answer,
    rejectionReason: concern.rejectionReason,
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
    answeredAt: concern.answeredAt,
    answer: concern.answer,
    rejectionReason: concern.rejectionReason,
    residentText: published ? concern.text : null,
    principleCodes: concern.principleCodes,
  };
}
