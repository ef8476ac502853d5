import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS } from '@insyn/database';
import {
  builtMain,
  cleanEnvironment,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
} from '@insyn/testing';

const LAST = MIGRATIONS.at(-1)!.name;

/**
 * Only `migrate` migrates a database that holds the schema: a read-only command from a new
 * release's checkout, run before the backup, must not leave the old release a database it
 * refuses (README, Upgrading). A database with no schema yet is migrated by any command.
 */
describe('registry CLI: who migrates (the built CLI, real PostgreSQL)', () => {
  let folder: string;
  const databases: TestDatabase[] = [];

  let CLI: string;

  beforeAll(() => {
    CLI = builtMain('registry-cli');
    folder = mkdtempSync(join(tmpdir(), 'insyn-cli-migrations-'));
  }, 180_000);

  afterAll(async () => {
    for (const database of databases) await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const cli = (database: TestDatabase, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // No PORT or INSYN_PUBLIC_URL of the runner's: where links point comes from `extra` alone.
      const env: NodeJS.ProcessEnv = {
        ...cleanEnvironment(),
        NODE_ENV: 'test',
        INSYN_DATA_DIR: folder,
        DATABASE_URL: database.url,
        DATABASE_MIGRATION_URL: database.migrationUrl,
        MEILI_HOST: testServers().meiliHost,
        MEILI_MASTER_KEY: testServers().meiliMasterKey,
        INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
        ...extra,
      };
      execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });

  const applied = async (database: TestDatabase): Promise<string[]> => {
    const owner = await new DataSource(
      buildDataSourceOptions(database.migrationUrl, [], 1),
    ).initialize();
    try {
      const rows = (await owner.query('SELECT name FROM schema_migration ORDER BY id')) as {
        name: string;
      }[];
      return rows.map((r) => r.name);
    } finally {
      await owner.destroy();
    }
  };

  it('a database one migration behind: token:list refuses and applies nothing; migrate applies it and says so', async () => {
    const database = await TestDatabase.create('cli-one-behind', { migrated: true });
    databases.push(database);
    // The older release's schema: every migration but the last.
    const owner = await new DataSource(
      buildDataSourceOptions(database.migrationUrl, [], 1),
    ).initialize();
    try {
      await owner.undoLastMigration({ transaction: 'each' });
    } finally {
      await owner.destroy();
    }
    expect(await applied(database)).not.toContain(LAST);

    for (const args of [['token:list'], ['audit:verify']]) {
      const refused = await cli(database, args);
      expect({ args, code: refused.code, stdout: refused.stdout }).toEqual({
        args,
        code: 1,
        stdout: '',
      });
      expect(refused.stderr.trim()).toBe(
        `The database needs migrations this version of Insyn brings (${LAST}), and only \`migrate\` applies them: back up the database, then run \`npm run cli -- migrate\` (see README, Upgrading)`,
      );
    }
    expect(await applied(database)).not.toContain(LAST);

    const migrate = await cli(database, ['migrate']);
    expect(migrate).toMatchObject({ code: 0, stdout: `applied: ${LAST}\n` });
    expect(await applied(database)).toContain(LAST);

    const listed = await cli(database, ['token:list']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe('');
  }, 60_000);

  it('a database without the schema: any command migrates it, naming on stderr what it applied', async () => {
    const database = await TestDatabase.create('cli-fresh');
    databases.push(database);
    const listed = await cli(database, ['token:list']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain(
      `the database had no schema yet: applied ${MIGRATIONS.length} migrations (${MIGRATIONS[0].name}, `,
    );
    expect(listed.stderr).toContain(`, ${LAST})`);
    expect(await applied(database)).toEqual(MIGRATIONS.map((m) => m.name));
    // Current now: nothing more is said.
    expect((await cli(database, ['token:list'])).stderr).toBe('');
  }, 60_000);

  it('links written with neither INSYN_PUBLIC_URL, PORT nor a running API: the guess is said', async () => {
    const database = await TestDatabase.create('cli-links', { migrated: true });
    databases.push(database);
    const out = join(folder, 'dcat-ap.jsonld');
    const guessed = await cli(database, ['export', '--format', 'dcat-ap', '--out', out]);
    expect(guessed.code).toBe(0);
    expect(guessed.stderr).toContain(
      "warning: links are written to http://localhost:3000, a guess: set INSYN_PUBLIC_URL (or PORT) as the registry's API has it",
    );
    expect(readFileSync(out, 'utf8')).toContain('http://localhost:3000/exports/dcat-ap.jsonld');

    const told = await cli(database, ['export', '--format', 'dcat-ap', '--out', out], {
      INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
    });
    expect(told).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(out, 'utf8')).toContain('https://insyn.stad.example.se/exports/');
  }, 60_000);
});
