import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('principle')
export class PrincipleEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('smallint')
  position!: number;

  @Column('text')
  titleEn!: string;

  @Column('text')
  titleSv!: string;
}
