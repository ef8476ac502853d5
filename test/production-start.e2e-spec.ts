import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';
import { findFreePort, removeDataDir, temporaryDataDir } from '@insyn/embedded-services';
import {
  AppProcess,
  builtMain,
  cleanEnvironment,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
} from '@insyn/testing';

/** The built API (as the image runs it) with NODE_ENV=production. */
describe('the API process in production', () => {
  let main: string;
  const started: AppProcess[] = [];
  const dataDir = temporaryDataDir('insyn-production-');
  const secrets = {
    INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
    INSYN_CONTACT_SECRET: 'test-contact-secret-0123456789abcdef',
    INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
  };

  const start = async (env: NodeJS.ProcessEnv) => {
    const app = new AppProcess(main, {
      ...cleanEnvironment(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      INSYN_DATA_DIR: dataDir,
      PORT: String(await findFreePort()),
      ...env,
    });
    started.push(app);
    return app;
  };

  beforeAll(() => {
    main = builtMain('registry-api');
  }, 240_000);
  afterAll(() => {
    for (const app of started) app.kill();
    removeDataDir(dataDir);
  });

  it('the CLI shows a command’s usage on --help, -h or help, starting nothing', async () => {
    for (const args of [['token:list', '--help'], ['export', '-h'], ['help']]) {
      const cli = new AppProcess(
        builtMain('registry-cli'),
        // Production without its secrets: anything past the usage would be refused.
        { ...cleanEnvironment(), NODE_ENV: 'production', INSYN_DATA_DIR: dataDir },
        args,
      );
      started.push(cli);
      expect({ args, exit: await cli.exit(30_000) }).toEqual({ args, exit: 0 });
      expect(cli.stdout).toMatch(/^usage: npm run cli -- /);
      expect(cli.stderr).toBe('');
    }
  });

  it('refuses to embed servers unless INSYN_ALLOW_EMBEDDED=true, starting none', async () => {
    const app = await start(secrets);
    expect(await app.exit(30_000)).toBe(1);
    expect(app.stderr).toContain(
      'DATABASE_URL and MEILI_HOST must be set when NODE_ENV=production (embedded servers are for development; INSYN_ALLOW_EMBEDDED=true allows them)',
    );
    // Refused before anything: no cluster, no Meilisearch data, no generated secret.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('names DATABASE_URL in one line, at once, when PostgreSQL refuses it: no retries, no stack', async () => {
    const servers = testServers();
    const url = new URL(servers.databaseUrl);
    url.username = 'nobody_of_insyn';
    url.password = 'wrong';
    const app = await start({
      ...secrets,
      DATABASE_URL: url.toString(),
      MEILI_HOST: servers.meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
    });
    expect(await app.exit(30_000)).toBe(1);
    expect(app.stderr).toMatch(
      /^Insyn failed to start: DATABASE_URL: cannot connect to PostgreSQL \(.*nobody_of_insyn.*\)\n$/,
    );
    expect(app.output).not.toMatch(/\n\s+at |Retrying|ExceptionHandler/);
    expect(app.output).not.toContain('wrong');
  });

  it('names DATABASE_READ_URL the same way when the read replica refuses it (it came as ten retries in one second, each with a stack)', async () => {
    const servers = testServers();
    const replica = new URL(servers.databaseUrl);
    replica.username = 'nobody_of_insyn';
    replica.password = 'wrong';
    const app = await start({
      ...secrets,
      DATABASE_URL: servers.appUrl,
      DATABASE_READ_URL: replica.toString(),
      MEILI_HOST: servers.meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
    });
    expect(await app.exit(30_000)).toBe(1);
    expect(app.stderr).toMatch(
      /^Insyn failed to start: DATABASE_READ_URL: cannot connect to PostgreSQL \(.*nobody_of_insyn.*\)\n$/,
    );
    expect(app.output).not.toMatch(/\n\s+at |Retrying|ExceptionHandler/);
    expect(app.output).not.toContain('wrong');
  });

  it('the CLI too names DATABASE_URL in one line when PostgreSQL refuses it, and writes nothing', async () => {
    const servers = testServers();
    const url = new URL(servers.databaseUrl);
    url.username = 'nobody_of_insyn';
    url.password = 'wrong';
    const out = `${dataDir}-export.csv`;
    const cli = new AppProcess(
      builtMain('registry-cli'),
      {
        ...cleanEnvironment(),
        NODE_ENV: 'production',
        INSYN_DATA_DIR: dataDir,
        ...secrets,
        DATABASE_URL: url.toString(),
        MEILI_HOST: servers.meiliHost,
        MEILI_MASTER_KEY: servers.meiliMasterKey,
      },
      ['export', '--format', 'csv', '--out', out],
    );
    started.push(cli);
    expect(await cli.exit(30_000)).toBe(1);
    expect(cli.stderr).toMatch(
      /^DATABASE_URL: cannot connect to PostgreSQL \(.*nobody_of_insyn.*\)\n$/,
    );
    expect(cli.output).not.toMatch(/\n\s+at |failed:/);
    expect(cli.output).not.toContain('wrong');
    expect(readdirSync(dirname(out)).filter((f) => f.startsWith(basename(out)))).toEqual([]);
  });

  it.each(['search:verify', 'reindex'])(
    'the CLI refuses %s with DATABASE_URL but no MEILI_HOST, starting no Meilisearch of its own',
    async (command) => {
      const folder = `${dataDir}-half-${command.replace(':', '-')}`;
      const cli = new AppProcess(
        builtMain('registry-cli'),
        {
          ...cleanEnvironment(),
          INSYN_DATA_DIR: folder,
          INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
          DATABASE_URL: testServers().appUrl,
        },
        [command],
      );
      started.push(cli);
      // It used to start an embedded Meilisearch, verify or rebuild that, and report success.
      expect(await cli.exit(30_000)).toBe(1);
      expect(cli.stderr).toContain(
        `MEILI_HOST is not set while DATABASE_URL is: ${command} would work on a Meilisearch of its own`,
      );
      expect(existsSync(join(folder, 'meilisearch'))).toBe(false);
      removeDataDir(folder);
    },
  );

  it('requires both secrets and the public address, and refuses demo data, naming every problem at once', async () => {
    const servers = testServers();
    const app = await start({
      DATABASE_URL: servers.databaseUrl,
      MEILI_HOST: servers.meiliHost,
      MEILI_MASTER_KEY: servers.meiliMasterKey,
      INSYN_DEMO_DATA: 'true',
    });
    expect(await app.exit(30_000)).toBe(1);
    expect(app.stderr).toMatch(/^Invalid configuration:\n/);
    expect(app.stderr).toContain('INSYN_TOKEN_SECRET is required when NODE_ENV=production');
    expect(app.stderr).toContain('INSYN_CONTACT_SECRET is required when NODE_ENV=production');
    expect(app.stderr).toContain('INSYN_PUBLIC_URL is required when NODE_ENV=production');
    expect(app.stderr).toContain('INSYN_DEMO_DATA cannot be true when NODE_ENV=production');
  });

  it('runs as docker/compose.yml does: the migrate job as the owner, then the API as the app role, with no demo data', async () => {
    const servers = testServers();
    const database = await TestDatabase.create('production-start');
    try {
      const named = {
        DATABASE_URL: database.url,
        MEILI_HOST: servers.meiliHost,
        MEILI_MASTER_KEY: servers.meiliMasterKey,
        ...secrets,
        INSYN_RUN_INDEXER: 'false',
      };
      // The app role alone cannot build the schema, and says what to do.
      const early = await start(named);
      expect(await early.exit(60_000)).toBe(1);
      expect(early.stderr).toMatch(
        /migrations are pending and the role "[^"]+" of DATABASE_URL may not apply them: set DATABASE_MIGRATION_URL/,
      );

      // The migrate job: the CLI with the owner's URL besides the app's.
      const migrate = new AppProcess(
        builtMain('registry-cli'),
        {
          ...cleanEnvironment(),
          NODE_ENV: 'production',
          INSYN_DATA_DIR: dataDir,
          ...named,
          DATABASE_MIGRATION_URL: database.migrationUrl,
        },
        ['migrate'],
      );
      started.push(migrate);
      expect(await migrate.exit(60_000)).toBe(0);
      expect(migrate.stdout).toMatch(/^applied: CreatePrinciples\d+, /);

      const port = await findFreePort();
      const app = await start({
        ...named,
        PORT: String(port),
        INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
      });
      // Its address is the public one, where its links point; where it listens follows.
      await app.printed(
        new RegExp(
          `Insyn is running at https://insyn\\.stad\\.example\\.se/ \\(GraphQL at https://insyn\\.stad\\.example\\.se/graphql\\), listening at http://localhost:${port}/`,
        ),
        60_000,
      );
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      process.kill(app.process.pid!, 'SIGTERM');
      expect(await app.exit(30_000)).toBe(0);

      // Nothing to migrate, no warning about its role's powers, no demo data or token.
      expect(app.output).not.toMatch(/applied database migrations|could rewrite the audit log/);
      expect(app.output).not.toMatch(/demo/i);
      // Neither statement contact is set here: the API says what the site's pages then lack.
      expect(app.output).toMatch(/INSYN_ACCESSIBILITY_FEEDBACK_URL is not set/);
      expect(app.output).toMatch(/INSYN_PRIVACY_CONTACT_URL is not set/);
      expect(app.output).not.toMatch(/insyn_[A-Za-z0-9_-]{20,}/);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          'SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM api_token) AS tokens',
        );
        expect(rows).toEqual([{ departments: 0, tokens: 0 }]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  }, 180_000);
});
