import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of the append-only audit log (database triggers refuse updates and deletes), a link of
 * its hash chain (see `auditEventHash`).
 */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  @Column('text')
  action!: string;

  @Column('text')
  actorLabel!: string;

  @Column('text')
  actorRole!: string;

  @Column('uuid', { nullable: true })
  actorTokenId!: string | null;

  @Column('uuid', { nullable: true })
  entryId!: string | null;

  @Column('integer', { nullable: true })
  entryVersion!: number | null;

  @Column('uuid', { nullable: true })
  departmentId!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details!: Record<string, unknown>;

  /** The hash of the event before it (`GENESIS_HASH` for the first): SHA-256, lower-case hex. */
  @Column('text')
  prevHash!: string;

  /** SHA-256 (lower-case hex) of this event's fields and `prevHash`. */
  @Column('text')
  hash!: string;
}
