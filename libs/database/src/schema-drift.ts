import { DataSource } from 'typeorm';
import { RATE_LIMIT_TABLE } from './migrations';

const UDT: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  boolean: 'bool',
  jsonb: 'jsonb',
  date: 'date',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
};

/**
 * Tables of the database's own bookkeeping, which no entity maps: the migrations' record, the
 * audit chain's slots (only the database's functions read and write them), the throttles'
 * counters (rate-limiter-flexible's own shape), and the API processes' token key fingerprints
 * (read and written by one statement each: libs/access/src/token-key-check.ts).
 */
const UNMAPPED_TABLES = [
  'schema_migration',
  'audit_event_slot',
  RATE_LIMIT_TABLE,
  'token_key_check',
];

/**
 * Differences between the entities and the schema the migrations built: tables or columns on one
 * side only, and columns whose type or nullability differ. Empty when they agree.
 */
export async function findSchemaDrift(
  dataSource: DataSource,
  ignoredTables = UNMAPPED_TABLES,
): Promise<string[]> {
  const rows: { table_name: string; column_name: string; udt_name: string; is_nullable: string }[] =
    await dataSource.query(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
  const database = new Map<string, Map<string, { udt: string; nullable: boolean }>>();
  for (const row of rows) {
    if (ignoredTables.includes(row.table_name)) continue;
    if (!database.has(row.table_name)) database.set(row.table_name, new Map());
    database
      .get(row.table_name)!
      .set(row.column_name, { udt: row.udt_name, nullable: row.is_nullable === 'YES' });
  }

  const problems: string[] = [];
  const mapped = new Set<string>();
  for (const entity of dataSource.entityMetadatas) {
    const table = entity.tableName;
    mapped.add(table);
    const columns = database.get(table);
    if (!columns) {
      problems.push(`table ${table} of ${entity.name} has no migration`);
      continue;
    }
    const seen = new Set<string>();
    for (const column of entity.columns) {
      const name = column.databaseName;
      seen.add(name);
      const actual = columns.get(name);
      if (!actual) {
        problems.push(`column ${table}.${name} of ${entity.name} has no migration`);
        continue;
      }
      const base = UDT[String(column.type)] ?? String(column.type);
      const expected = column.isArray ? `_${base}` : base;
      if (expected !== actual.udt)
        problems.push(
          `column ${table}.${name}: entity says ${expected}, database has ${actual.udt}`,
        );
      if (column.isNullable !== actual.nullable) {
        problems.push(
          `column ${table}.${name}: entity says ${column.isNullable ? 'nullable' : 'not null'}, database says ${actual.nullable ? 'nullable' : 'not null'}`,
        );
      }
    }
    for (const name of columns.keys()) {
      if (!seen.has(name))
        problems.push(`column ${table}.${name} is in the database but not in ${entity.name}`);
    }
  }
  for (const table of database.keys()) {
    if (!mapped.has(table)) problems.push(`table ${table} is in the database but has no entity`);
  }
  return problems;
}
