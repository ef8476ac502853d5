import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A city department: owns entries; editors' tokens are scoped to one. */
@Entity('department')
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  nameSv!: string;

  @Column('text')
  nameEn!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
