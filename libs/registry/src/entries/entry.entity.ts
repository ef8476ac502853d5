import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { EntryKind, EntryStatus } from './entry-enums';

/**
 * The identity and workflow state of one registry entry (any kind). What it says lives in its
 * versions: `currentVersionId` is the working copy departments edit, `publishedVersionId` what the
 * public sees.
 */
@Entity('entry')
export class EntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  kind!: EntryKind;

  @Column('uuid')
  departmentId!: string;

  /** Status of the working copy (RETIRED once retired). */
  @Column('text')
  status!: EntryStatus;

  /** Number of the working version. */
  @Column('integer', { default: 1 })
  version!: number;

  @Column('uuid', { nullable: true })
  currentVersionId!: string | null;

  @Column('uuid', { nullable: true })
  publishedVersionId!: string | null;

  @Column('timestamptz', { nullable: true })
  firstPublishedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastPublishedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  retiredAt!: Date | null;

  @Column('text', { nullable: true })
  retirementReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
