import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The entry a token's idempotency key registered, with a hash of the request it came with. */
@Entity('entry_registration')
export class EntryRegistrationEntity {
  @PrimaryColumn('uuid')
  tokenId!: string;

  @PrimaryColumn('text')
  idempotencyKey!: string;

  /** SHA-256 of the kind, department and input: the same key may not register something else. */
  @Column('text')
  requestHash!: string;

  @Column('uuid')
  entryId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
