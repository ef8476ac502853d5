/** Every action the audit log records; stored as text in `audit_event.action`. */
export enum AuditAction {
  ENTRY_CREATED = 'ENTRY_CREATED',
  ENTRY_UPDATED = 'ENTRY_UPDATED',
  /**
   * A draft created or updated from a record of another register (`cli import`); details name the
   * format, the source id and whether the draft was created.
   */
  ENTRY_IMPORTED = 'ENTRY_IMPORTED',
  ENTRY_SUBMITTED = 'ENTRY_SUBMITTED',
  ENTRY_RETURNED = 'ENTRY_RETURNED',
  /** Its editors took a submitted version back from review (IN_REVIEW → DRAFT). */
  ENTRY_SUBMISSION_WITHDRAWN = 'ENTRY_SUBMISSION_WITHDRAWN',
  /** Its editors discarded a draft: a never-published entry removed, or a pending version dropped. */
  ENTRY_DRAFT_DISCARDED = 'ENTRY_DRAFT_DISCARDED',
  ENTRY_PUBLISHED = 'ENTRY_PUBLISHED',
  ENTRY_RETIRED = 'ENTRY_RETIRED',
  ENTRIES_LINKED = 'ENTRIES_LINKED',
  ENTRIES_UNLINKED = 'ENTRIES_UNLINKED',
  DEPARTMENT_CREATED = 'DEPARTMENT_CREATED',
  /** A person who may hold tokens was recorded (details: personId, name; never the e-mail). */
  PERSON_CREATED = 'PERSON_CREATED',
  TOKEN_CREATED = 'TOKEN_CREATED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  /**
   * A resident filed a concern (details: concernId, status; never the text, the e-mail or the
   * codes). The actor is `RESIDENT_AUDIT_ACTOR`: residents have no token and are not named.
   */
  CONCERN_FILED = 'CONCERN_FILED',
  /**
   * A resident erased their text and contact with the erasure code (details: concernId, status).
   * Recorded once: erasing again changes nothing.
   */
  CONCERN_ERASED = 'CONCERN_ERASED',
  /** A department moved a concern to another status (details: concernId, status; never text). */
  CONCERN_STATUS_CHANGED = 'CONCERN_STATUS_CHANGED',
  /** A department answered a concern, or amended its answer (details: concernId, status). */
  CONCERN_ANSWERED = 'CONCERN_ANSWERED',
  /** A department marked a resident's text publishable or not (details: concernId, status, textPublishable). */
  CONCERN_TEXT_PUBLICATION_CHANGED = 'CONCERN_TEXT_PUBLICATION_CHANGED',
}
