import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { FilterFacts } from '../catalogue/catalogue-fields';
import { EntryContent, WithheldInformation } from './entry-content';
import { EntryKind } from './entry-enums';

export enum VersionState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  /** A published version that a later publication replaced; kept, immutable, for history. */
  SUPERSEDED = 'SUPERSEDED',
}

/**
 * One version of an entry: the full content as JSON, plus the fields lists filter on, copied out
 * into indexed columns. Immutable once published.
 */
@Entity('entry_version')
export class EntryVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  entryId!: string;

  @Column('uuid')
  departmentId!: string;

  @Column('integer')
  number!: number;

  @Column('text')
  state!: VersionState;

  @Column('jsonb')
  content!: EntryContent;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  lifecycleStage!: string | null;

  @Column('text', { nullable: true })
  theme!: string | null;

  @Column('text', { nullable: true })
  riskClass!: string | null;

  @Column('text', { nullable: true })
  aiActClass!: string | null;

  @Column('text', { nullable: true })
  personalData!: string | null;

  @Column('date', { nullable: true })
  reviewDueDate!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  principleCodes!: string[];

  /** `riskClass` as the public may filter on it: null while the field is withheld. */
  @Column('text', { nullable: true })
  publicRiskClass!: string | null;

  /** `aiActClass` as the public may filter on it: null while the field is withheld. */
  @Column('text', { nullable: true })
  publicAiActClass!: string | null;

  /**
   * The last day of the earliest withholding in force with an end date: after it the public view
   * changes, and the registry refreshes the public columns and the search document.
   */
  @Column('date', { nullable: true })
  withheldUntil!: string | null;

  /**
   * The content's withholdings, kept beside it by PostgreSQL (a generated column, so no write can
   * forget it): the visibility policy reads them for every row an as-of list filters, and read
   * out of the content they would cost a detoast of the whole content each. Never selected.
   * Generated `content -> 'withheld'` by its migration (AddVersionWithheld); not declared so here,
   * where TypeORM would want a metadata table of its own for that, which the app role may not
   * create: it only never writes it.
   */
  @Column({
    type: 'jsonb',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  withheld?: WithheldInformation[] | null;

  /** Facts auditors filter on (catalogue `fact` fields), from the whole content. */
  @Column('jsonb', { default: () => "'{}'" })
  filterFacts!: FilterFacts;

  /** The same facts from the public projection: what the public may filter on. */
  @Column('jsonb', { default: () => "'{}'" })
  publicFilterFacts!: FilterFacts;

  /**
   * Paths publication requires that a reader of the public projection does not find (blank, or
   * withheld): the compliance report counts them over published versions.
   */
  @Column('text', { array: true, default: () => "'{}'" })
  publicMissing!: string[];

  @Column('text', { nullable: true })
  changeNote!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column('text')
  createdByLabel!: string;

  @Column('text')
  updatedByLabel!: string;

  @Column('timestamptz', { nullable: true })
  submittedAt!: Date | null;

  @Column('uuid', { nullable: true })
  submittedByTokenId!: string | null;

  @Column('text', { nullable: true })
  submittedByLabel!: string | null;

  /** The person behind the submitting token (four eyes compares persons). */
  @Column('uuid', { nullable: true })
  submittedByPersonId!: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  @Column('uuid', { nullable: true })
  publishedByTokenId!: string | null;

  @Column('text', { nullable: true })
  publishedByLabel!: string | null;

  @Column('uuid', { nullable: true })
  publishedByPersonId!: string | null;

  /** Not a column: the kind, for code that holds a version without its entry. */
  kind?: EntryKind;
}
