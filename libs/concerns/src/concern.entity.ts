import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ConcernCategory, ConcernLanguage, ConcernStatus } from './concern-enums';

/**
 * A resident's concern about a published entry, and the department's handling of it. The
 * resident's text is plain text, null once erased; the contact e-mail is sealed (AES-256-GCM, the
 * concern's id as context) and erased on request or `INSYN_CONTACT_RETENTION_DAYS` after the
 * concern ended (answered, closed or rejected).
 * The tracking and erasure codes, and an API client's submission key, are stored only as keyed
 * hashes.
 */
@Entity('concern')
export class ConcernEntity {
  /** Chosen by the service before the insert: it is the sealed contact's context. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  entryId!: string;

  /** The entry's owning department when filed; scopes who may read and answer. */
  @Column('uuid')
  departmentId!: string;

  @Column('text', { array: true })
  principleCodes!: string[];

  @Column('text')
  category!: ConcernCategory;

  /** The resident's text (plain text); null once erased. */
  @Column('text', { nullable: true })
  text!: string | null;

  /** The resident agreed that the text may be published, if the department agrees. */
  @Column('boolean')
  consentToPublish!: boolean;

  /** The department marked the text publishable (only meaningful with consent). */
  @Column('boolean', { default: false })
  textPublishable!: boolean;

  /** Sealed `{ email, trackingCode }` (for e-mail with the tracking link); null when none or erased. */
  @Column('bytea', { nullable: true, select: false })
  contactSealed!: Buffer | null;

  @Column('boolean', { default: false })
  hadContact!: boolean;

  @Column('text')
  language!: ConcernLanguage;

  @Column('text')
  status!: ConcernStatus;

  /** Why it was rejected (REJECTED only); public. */
  @Column('text', { nullable: true })
  rejectionReason!: string | null;

  /** The language the rejection reason is written in; null without a reason. */
  @Column('text', { nullable: true })
  rejectionReasonLanguage!: ConcernLanguage | null;

  /**
   * The department's public answer: its latest wording (every wording is a `ConcernAnswerEntity`).
   * It stands while the status is ANSWERED, or CLOSED after it (`answerStands`).
   */
  @Column('text', { nullable: true })
  answer!: string | null;

  /**
   * The language `answer` is written in: the one the resident asked for (`language`) unless the
   * department said otherwise; null without an answer.
   */
  @Column('text', { nullable: true })
  answerLanguage!: ConcernLanguage | null;

  @Column('text', { unique: true, select: false })
  trackingHash!: string;

  @Column('text', { unique: true, select: false })
  erasureHash!: string;

  /**
   * Keyed hash of the API client's `submissionKey`, when it gave one (unique where set): the
   * key sent again with other input is refused rather than filing under it again.
   */
  @Column('text', { nullable: true, select: false })
  submissionHash!: string | null;

  @Column('timestamptz')
  filedAt!: Date;

  /** The department's first status change. */
  @Column('timestamptz', { nullable: true })
  firstResponseAt!: Date | null;

  /**
   * When the answer was first given: the concern's first answer, or the first since it was last
   * reopened. Amending the answer does not move it (`answerAmendedAt` does).
   */
  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;

  /** When the answer was last amended (its wording replaced); null when it never was. */
  @Column('timestamptz', { nullable: true })
  answerAmendedAt!: Date | null;

  /** When it became CLOSED or REJECTED. */
  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  /**
   * When it last ended (became ANSWERED, CLOSED or REJECTED while open); null while open, and
   * again once reopened. The contact e-mail's retention period runs from here.
   */
  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('timestamptz')
  statusChangedAt!: Date;

  /** When the resident erased the text and contact details. */
  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  /** When the contact e-mail was erased (by the resident, or after the retention period). */
  @Column('timestamptz', { nullable: true })
  contactErasedAt!: Date | null;
}
