import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role';

/**
 * A bearer API token: the grant of one role (and, for an editor, one department) to a person.
 * Only a keyed hash of its secret is stored.
 */
@Entity('api_token')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The token's name (by default its person's); recorded on every action. */
  @Column('text')
  label!: string;

  /** The person the token belongs to. */
  @Column('uuid')
  personId!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { nullable: true })
  departmentId!: string | null;

  @Column('text', { unique: true, select: false })
  secretHash!: string;

  /** The first characters of the token, to recognise it in lists. */
  @Column('text')
  prefix!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('text')
  createdByLabel!: string;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  /** Label of whoever revoked it. */
  @Column('text', { nullable: true })
  revokedByLabel!: string | null;

  /** When it stops authenticating; null for a token without an end date. */
  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
