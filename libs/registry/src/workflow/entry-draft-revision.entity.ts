import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { EntryContent } from '../entries/entry-content';

/**
 * One saved revision of an entry's draft: the whole content as it was saved, who saved it and
 * when. Every registration and every edit adds one, in the edit's transaction; nothing changes or
 * removes them (a discarded draft's revisions stay, as history). Numbered per entry.
 */
@Entity('entry_draft_revision')
export class EntryDraftRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  entryId!: string;

  @Column('uuid')
  departmentId!: string;

  /** The entry_version the revision was saved into (gone when that draft was discarded). */
  @Column('uuid')
  versionId!: string;

  @Column('integer')
  versionNumber!: number;

  /** 1, 2, 3… per entry, in the order they were saved. */
  @Column('integer')
  revision!: number;

  @Column('jsonb')
  content!: EntryContent;

  @Column('timestamptz')
  savedAt!: Date;

  @Column('text')
  savedByLabel!: string;

  @Column('uuid', { nullable: true })
  savedByTokenId!: string | null;

  @Column('uuid', { nullable: true })
  savedByPersonId!: string | null;
}
