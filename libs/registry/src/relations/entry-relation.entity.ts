import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RelationType } from '../entries/entry-enums';

/** A typed link from one entry to another (an algorithm USES_DATASET a dataset, …). */
@Entity('entry_relation')
export class EntryRelationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  fromEntryId!: string;

  @Column('uuid')
  toEntryId!: string;

  @Column('text')
  type!: RelationType;

  /** The department that owns the `from` entry (and so the link). */
  @Column('uuid')
  departmentId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('text')
  createdByLabel!: string;
}
