import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where an imported entry came from: a record of another register (format and the id it has
 * there), per department. Imports find the entry again by it, so importing the same file twice
 * changes nothing, and a changed record updates the draft it made. `digest` is the fingerprint of
 * the record as last imported. Removed with its entry.
 */
@Entity('entry_source')
export class EntrySourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  departmentId!: string;

  /** The import format, e.g. `algostd`, `nl`, `atrs`, `csv`. */
  @Column('text')
  format!: string;

  /** The record's id in its own register. */
  @Column('text')
  sourceId!: string;

  @Column('uuid')
  entryId!: string;

  @Column('text')
  digest!: string;

  @Column('text')
  importedByLabel!: string;

  @Column('timestamptz')
  importedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
