import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One e-mail to send, written in the same transaction as the change it tells about and sent by
 * the mail dispatcher (claimed FOR UPDATE SKIP LOCKED, with a lease). The message itself
 * (recipient, subject, text) is sealed in `payload` and cleared once it is sent: personal data
 * lives here only until then. `messageId` stays the same on every attempt, so a message resent
 * after a crash between sending and marking is recognised as the same message (ADR 0004).
 */
@Entity('mail_outbox')
export class MailOutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** The Message-ID header, without angle brackets; unique. */
  @Column('text', { unique: true })
  messageId!: string;

  /** What the message is for (`concern-acknowledged`), for operators. Never personal data. */
  @Column('text')
  purpose!: string;

  /** What it belongs to (`concern:<id>`), so that erasing the concern cancels what is unsent. */
  @Column('text')
  reference!: string;

  /** The sealed message (SecretBox, purpose `mail-outbox`, context: messageId); null once sent. */
  @Column('bytea', { nullable: true })
  payload!: Buffer | null;

  @Column('timestamptz', { default: () => 'now()' })
  enqueuedAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  availableAt!: Date;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { nullable: true })
  leaseUntil!: Date | null;

  /** The dispatcher that holds (or last held) the lease; only it may mark the row sent or retry it. */
  @Column('text', { nullable: true })
  leaseOwner!: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;

  /** Given up after too many failed attempts (the payload is cleared then too). */
  @Column('timestamptz', { nullable: true })
  failedAt!: Date | null;

  @Column('text', { nullable: true })
  lastError!: string | null;
}
