import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ConcernAnswerSupersession, ConcernLanguage } from './concern-enums';

/**
 * One wording of a department's answer to a concern, kept for good: a public register shows what
 * it said, also after it said something else. Numbered per concern from 1 in the order given; the
 * concern's `answer` is the latest wording's text. A wording stops being the concern's answer when
 * the department amends it (a new wording) or reopens the concern: `supersededAt` and
 * `supersededBecause` say when and how. At most one wording per concern is not superseded (the
 * standing answer, if the concern's status lets one stand). Never the resident's text or contact.
 */
@Entity('concern_answer')
export class ConcernAnswerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  concernId!: string;

  /** The department that answered: the concern's, when it was given. */
  @Column('uuid')
  departmentId!: string;

  /** 1, 2, … per concern, in the order given. */
  @Column('integer')
  number!: number;

  @Column('text')
  answer!: string;

  /** The language this wording is written in (not always the one the resident asked for). */
  @Column('text')
  language!: ConcernLanguage;

  /** When this wording was given. */
  @Column('timestamptz')
  answeredAt!: Date;

  /**
   * The role of the person who gave it (`EDITOR` of the department, or `ADMIN`); null for answers
   * given before every wording was kept, whose role the audit log did not tell.
   */
  @Column('text', { nullable: true })
  answeredByRole!: string | null;

  /** When it stopped being the concern's answer; null while it is the latest wording. */
  @Column('timestamptz', { nullable: true })
  supersededAt!: Date | null;

  @Column('text', { nullable: true })
  supersededBecause!: ConcernAnswerSupersession | null;
}
