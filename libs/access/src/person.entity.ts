import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A named person (or system) holding API tokens. Four eyes compares persons: whoever submitted a
 * version cannot publish it with any of their tokens.
 */
@Entity('person')
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /**
   * The name as namesakes are compared (`personNameKey`: NFKC, whitespace collapsed, case and
   * look-alike letters folded). Written with the name; indexed for the namesake check.
   */
  @Column('text')
  nameKey!: string;

  @Column('text', { nullable: true })
  email!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Who recorded the person: an admin's token label, or an operator (`cli:anna`). */
  @Column('text')
  createdByLabel!: string;
}
