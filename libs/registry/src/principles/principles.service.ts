import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PrincipleEntity } from './principle.entity';

/** The fixed principles catalogue; read once and kept (it only changes by migration). */
@Injectable()
export class PrinciplesService {
  private catalogue?: Promise<PrincipleEntity[]>;
  private read?: PrincipleEntity[];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  all(): Promise<PrincipleEntity[]> {
    this.catalogue ??= this.dataSource
      .getRepository(PrincipleEntity)
      .find({ order: { position: 'ASC' } })
      .then(
        (catalogue) => (this.read = catalogue),
        (error: unknown) => {
          // Not kept: a read that failed (the database down for a moment) is tried again.
          this.catalogue = undefined;
          throw error;
        },
      );
    return this.catalogue;
  }

  /** The catalogue itself once it has been read (a field of every entry of a page asks), else `all()`. */
  allNow(): PrincipleEntity[] | Promise<PrincipleEntity[]> {
    return this.read ?? this.all();
  }

  async byCode(code: string): Promise<PrincipleEntity | undefined> {
    return (await this.all()).find((p) => p.code === code);
  }

  async codes(): Promise<Set<string>> {
    return new Set((await this.all()).map((p) => p.code));
  }
}
