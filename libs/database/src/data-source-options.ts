import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/** The one way Insyn connects to PostgreSQL: migrations only, never synchronize. */
export function buildDataSourceOptions(
  url: string,
  entities: EntityList,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
    // Dates such as review due dates compare in UTC whatever the server's zone.
    extra: { max: poolSize, application_name: 'insyn', options: '-c timezone=UTC' },
  };
}
