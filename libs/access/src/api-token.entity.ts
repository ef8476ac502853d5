import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role';

/** A bearer API token; only a keyed hash of its secret is stored. */
@Entity('api_token')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The person or system the token belongs to; recorded on every action. */
  @Column('text')
  label!: string;

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

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
