import { DataSource } from 'typeorm';
import { TestDatabase } from '@insyn/testing';
import { buildDataSourceOptions, prepared } from '@insyn/database';

describe('statements marked prepared, on a real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await TestDatabase.create('prepared');
    dataSource = await new DataSource(buildDataSourceOptions(database.url, [], 2)).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('are prepared once per connection and run by name; other statements are not kept', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const sql = prepared('SELECT $1::int + 1 AS next');
      for (const n of [1, 2, 3]) expect(await runner.query(sql, [n])).toEqual([{ next: n + 1 }]);
      await runner.query('SELECT $1::int AS plain', [1]);
      const kept: { name: string; statement: string; calls: string }[] = await runner.query(
        `SELECT name, statement, (generic_plans + custom_plans)::text AS calls
           FROM pg_prepared_statements`,
      );
      expect(kept).toHaveLength(1);
      expect(kept[0].name).toMatch(/^insyn_/);
      expect(kept[0].statement).toBe(sql);
      // Parsed once, run three times by its name.
      expect(kept[0].calls).toBe('3');
    } finally {
      await runner.release();
    }
  });

  it('give a marked statement the same answers and errors as an unmarked one', async () => {
    const text = 'SELECT x FROM unnest($1::text[]) x ORDER BY x';
    const values = [['b', 'ä', 'a']];
    expect(await dataSource.query(prepared(text), values)).toEqual(
      await dataSource.query(text, values),
    );
    await expect(dataSource.query(prepared('SELECT $1::int'), ['not a number'])).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    // The connection is still good, and so is the statement.
    expect(await dataSource.query(prepared('SELECT $1::int AS n'), [7])).toEqual([{ n: 7 }]);
  });
});
