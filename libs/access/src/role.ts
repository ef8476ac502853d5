export enum Role {
  /** Drafts and submits the entries of one department. */
  EDITOR = 'EDITOR',
  /** City-wide: publishes or returns what editors submitted. */
  REVIEWER = 'REVIEWER',
  /** Reads everything, drafts included; writes nothing. */
  AUDITOR = 'AUDITOR',
  /** Manages departments and tokens; may also do the workflow (recorded). */
  ADMIN = 'ADMIN',
}
