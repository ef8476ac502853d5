import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An outbox row that kept failing (a document Meilisearch rejects), set aside for an operator. */
@Entity('search_dead_letter')
export class SearchDeadLetterEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  outboxId!: string;

  @Column('uuid')
  entryId!: string;

  @Column('integer')
  attempts!: number;

  @Column('text')
  error!: string;

  @Column('timestamptz', { default: () => 'now()' })
  failedAt!: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;
}
