import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * "This entry's public view may have changed": written in the same transaction as the change,
 * consumed by the indexer (FOR UPDATE SKIP LOCKED). An insert NOTIFYs `insyn_search_outbox`.
 */
@Entity('search_outbox')
export class SearchOutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid')
  entryId!: string;

  @Column('text')
  reason!: string;

  @Column('timestamptz', { default: () => 'now()' })
  enqueuedAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  availableAt!: Date;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { nullable: true })
  leaseUntil!: Date | null;

  /** The indexer that holds the lease, or last held it (kept once processed). */
  @Column('text', { nullable: true })
  leaseOwner!: string | null;

  /**
   * The advisory lock key its holder's LISTEN connection holds while it lives: a lease whose
   * lifeline no session holds is a dead worker's, claimable at once (null: the lease alone).
   */
  @Column('integer', { nullable: true })
  leaseLifeline!: number | null;

  @Column('timestamptz', { nullable: true })
  processedAt!: Date | null;

  @Column('text', { nullable: true })
  lastError!: string | null;
}
