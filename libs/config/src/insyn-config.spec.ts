import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, InsynConfig, InvalidConfigError, loadConfig } from './insyn-config';

describe('loadConfig', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as InvalidConfigError).problems;
    }
  };

  it('applies defaults for an empty environment (embedded mode)', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.INSYN_DATA_DIR).toBe('./.insyn');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.embedsDatabase).toBe(true);
    expect(config.embedsSearch).toBe(true);
  });

  it('names every bad variable in one message without echoing values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://secret-password@x',
        MEILI_HOST: 'http://meili:7700',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const message = (error as Error).message;
    for (const key of ['PORT', 'DATABASE_URL', 'MEILI_MASTER_KEY', 'LOG_LEVEL']) {
      expect(message).toContain(key);
    }
    expect(message).not.toContain('secret-password');
    // One line each, and none that is untrue of the value ("eighty" is no number at all).
    expect(message).toContain('PORT must be a whole number from 1 to 65535');
    expect(message).not.toMatch(/PORT must not be (greater|less)/);
    expect(message).toContain('MEILI_MASTER_KEY is required when MEILI_HOST is set');
    expect(message).not.toContain('MEILI_MASTER_KEY must be at least 16 bytes');
  });

  it('reads a blank variable as unset, and a number only in decimal digits', () => {
    const blank = loadConfig({
      PORT: ' ',
      INSYN_CONTACT_RETENTION_DAYS: '  ',
      INSYN_CONCERN_TARGET_DAYS: '\t',
      DATABASE_POOL_TIMEOUT_SECONDS: ' ',
      INSYN_INDEXER_LEASE_SECONDS: ' ',
      INSYN_DATA_DIR: ' ',
      LOG_LEVEL: ' ',
      NODE_ENV: ' ',
      INSYN_DEMO_DATA: ' ',
    });
    expect(blank).toMatchObject({
      PORT: 3000,
      INSYN_CONTACT_RETENTION_DAYS: 30,
      INSYN_CONCERN_TARGET_DAYS: 30,
      DATABASE_POOL_TIMEOUT_SECONDS: 30,
      INSYN_INDEXER_LEASE_SECONDS: 60,
      INSYN_DATA_DIR: './.insyn',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
    expect(blank.publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: ' 8080 ', INSYN_CONTACT_RETENTION_DAYS: '0' })).toMatchObject({
      PORT: 8080,
      INSYN_CONTACT_RETENTION_DAYS: 0,
    });
    for (const [name, value, says] of [
      ['PORT', '0x50', 'PORT must be a whole number from 1 to 65535'],
      ['PORT', '80.0', 'PORT must be a whole number from 1 to 65535'],
      [
        'INSYN_CONCERN_TARGET_DAYS',
        '1e1',
        'INSYN_CONCERN_TARGET_DAYS must be a whole number of days',
      ],
      [
        'INSYN_CONTACT_RETENTION_DAYS',
        '3 0',
        'INSYN_CONTACT_RETENTION_DAYS must be a whole number of days',
      ],
    ])
      expect(() => loadConfig({ [name]: value })).toThrow(says);
  });

  it('accepts production servers', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://insyn:pw@db:5432/insyn',
      MEILI_HOST: 'http://meili:7700',
      MEILI_MASTER_KEY: 'a-long-master-key-0123456789',
      INSYN_TOKEN_SECRET: 'a-token-secret-of-32-characters-0123',
      INSYN_CONTACT_SECRET: 'a-contact-secret-of-32-characters-01',
      INSYN_DEMO_DATA: 'false',
      INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
      NODE_ENV: 'production',
    });
    expect(config.embedsDatabase).toBe(false);
    expect(config.embedsSearch).toBe(false);
    expect(config.INSYN_DEMO_DATA).toBe(false);
    expect(config.isProduction).toBe(true);
    expect(config.seedsDemoData).toBe(false);
  });

  describe('in production', () => {
    const servers = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://insyn:pw@db:5432/insyn',
      MEILI_HOST: 'http://meili:7700',
      MEILI_MASTER_KEY: 'a-long-master-key-0123456789',
      INSYN_TOKEN_SECRET: 'a-token-secret-of-32-characters-0123',
      INSYN_CONTACT_SECRET: 'a-contact-secret-of-32-characters-01',
      INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
    };
    const problems = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as InvalidConfigError).problems;
      }
    };

    it('refuses embedded servers unless INSYN_ALLOW_EMBEDDED=true', () => {
      expect(problems({ ...servers, DATABASE_URL: '' })).toEqual([
        expect.stringMatching(
          /^DATABASE_URL must be set when NODE_ENV=production.*INSYN_ALLOW_EMBEDDED=true/,
        ),
      ]);
      expect(problems({ ...servers, MEILI_HOST: undefined, MEILI_MASTER_KEY: undefined })).toEqual([
        expect.stringMatching(/^MEILI_HOST must be set when NODE_ENV=production/),
      ]);
      const embedded = {
        NODE_ENV: 'production',
        INSYN_TOKEN_SECRET: servers.INSYN_TOKEN_SECRET,
        INSYN_CONTACT_SECRET: servers.INSYN_CONTACT_SECRET,
        INSYN_PUBLIC_URL: servers.INSYN_PUBLIC_URL,
      };
      expect(problems(embedded)).toEqual([
        expect.stringMatching(/^DATABASE_URL and MEILI_HOST must be set/),
      ]);
      const allowed = loadConfig({ ...embedded, INSYN_ALLOW_EMBEDDED: 'true' });
      expect(allowed.embedsDatabase).toBe(true);
      // Embedded or not, production never seeds demo data.
      expect(allowed.seedsDemoData).toBe(false);
      expect(problems({ ...embedded, INSYN_ALLOW_EMBEDDED: 'yes' })).toContain(
        'INSYN_ALLOW_EMBEDDED must be true or false',
      );
    });

    it('refuses the compose examples’ placeholder database passwords in production', () => {
      const placeholders = {
        ...servers,
        DATABASE_URL: 'postgres://insyn_app:change-me-app@postgres:5432/insyn',
        DATABASE_MIGRATION_URL: 'postgres://insyn_owner:Change-Me-owner@postgres:5432/insyn',
        DATABASE_READ_URL: 'postgres://insyn_app:change%2Dme@replica:5432/insyn',
      };
      expect(problems(placeholders)).toEqual(
        ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_READ_URL'].map(
          (name) =>
            `${name} has the example's placeholder password (change-me…) when NODE_ENV=production: give the role a password of its own, in postgres.env and here`,
        ),
      );
      // Outside production (a developer's compose), and with a password of its own, no problem.
      expect(problems({ ...placeholders, NODE_ENV: 'development' })).toEqual([]);
      expect(
        problems({ ...servers, DATABASE_URL: 'postgres://insyn_app:s3cret-change-me@db/insyn' }),
      ).toEqual([]);
    });

    it('requires both secrets and the public address, and refuses demo data, naming every problem at once', () => {
      expect(
        problems({ NODE_ENV: 'production', INSYN_DEMO_DATA: 'true', INSYN_ALLOW_EMBEDDED: 'true' }),
      ).toEqual([
        expect.stringMatching(/^INSYN_TOKEN_SECRET is required when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_CONTACT_SECRET is required when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_PUBLIC_URL is required when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_DEMO_DATA cannot be true when NODE_ENV=production/),
      ]);
      expect(loadConfig(servers).publicUrl).toBe('https://insyn.stad.example.se');
      // Mail sent through a server needs a sender of the city's, not the default's localhost.
      const smtp = { ...servers, SMTP_URL: 'smtp://mail.stad.example.se:587' };
      expect(problems(smtp)).toEqual([
        expect.stringMatching(/^INSYN_MAIL_FROM is required when NODE_ENV=production and SMTP_URL/),
      ]);
      expect(problems({ ...smtp, INSYN_MAIL_FROM: 'Insyn <insyn@stad.example.se>' })).toEqual([]);
      // Without SMTP_URL, mail is .eml files for the operator: the default sender does no harm.
      expect(problems(servers)).toEqual([]);
      // The env file's placeholder is no address.
      expect(problems({ ...servers, INSYN_PUBLIC_URL: 'change-me' })).toContain(
        'INSYN_PUBLIC_URL must be an http(s) URL',
      );
      expect(problems({ ...servers, INSYN_TOKEN_SECRET: 'short', LOG_LEVEL: 'loud' })).toEqual([
        expect.stringMatching(/^INSYN_TOKEN_SECRET must be at least 32 characters/),
        expect.stringMatching(/^LOG_LEVEL/),
      ]);
    });

    it('names every problem of a bare NODE_ENV=production in the first message', () => {
      // An operator's first deploy: one message, not a second round after fixing the first lines.
      expect(problems({ NODE_ENV: 'production' })).toEqual([
        expect.stringMatching(/^DATABASE_URL and MEILI_HOST must be set when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_TOKEN_SECRET is required when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_CONTACT_SECRET is required when NODE_ENV=production/),
        expect.stringMatching(/^INSYN_PUBLIC_URL is required when NODE_ENV=production/),
      ]);
    });

    it('takes a read replica only beside DATABASE_URL', () => {
      const replica = 'postgres://insyn:pw@replica:5432/insyn';
      expect(loadConfig({ ...servers, DATABASE_READ_URL: replica }).DATABASE_READ_URL).toBe(
        replica,
      );
      // The embedded PostgreSQL has no replica: public reads would go to another server.
      expect(problems({ DATABASE_READ_URL: replica })).toEqual([
        'DATABASE_READ_URL needs DATABASE_URL: it names a read replica of DATABASE_URL, and the embedded PostgreSQL has none',
      ]);
      expect(problems({ ...servers, DATABASE_READ_URL: 'mysql://x' })).toEqual([
        'DATABASE_READ_URL must be a postgres:// URL',
      ]);
    });

    it('takes a migration URL only beside DATABASE_URL', () => {
      const owner = 'postgres://insyn_owner:pw@db:5432/insyn';
      expect(loadConfig({ ...servers, DATABASE_MIGRATION_URL: owner }).DATABASE_MIGRATION_URL).toBe(
        owner,
      );
      expect(problems({ DATABASE_MIGRATION_URL: owner })).toEqual([
        expect.stringMatching(/^DATABASE_MIGRATION_URL needs DATABASE_URL/),
      ]);
      expect(problems({ ...servers, DATABASE_MIGRATION_URL: 'mysql://x' })).toEqual([
        'DATABASE_MIGRATION_URL must be a postgres:// URL',
      ]);
    });

    it('changes nothing outside production', () => {
      for (const NODE_ENV of ['development', 'test']) {
        const config = loadConfig({ NODE_ENV, INSYN_DEMO_DATA: 'true' });
        expect(config.seedsDemoData).toBe(true);
        expect(config.publicUrl).toBe('http://localhost:3000');
        expect(loadConfig({ NODE_ENV }).seedsDemoData).toBe(true);
        expect(loadConfig({ NODE_ENV, DATABASE_URL: servers.DATABASE_URL }).seedsDemoData).toBe(
          false,
        );
      }
    });
  });

  it('accepts an https map tile template, and refuses anything else', () => {
    const url = 'https://tiles.example.org/{z}/{x}/{y}.png';
    expect(loadConfig({ INSYN_MAP_TILE_URL: url }).INSYN_MAP_TILE_URL).toBe(url);
    expect(loadConfig({}).INSYN_MAP_TILE_URL).toBeUndefined();
    for (const bad of [
      'http://tiles.example.org/{z}/{x}/{y}.png',
      'https://tiles.example.org/x.png',
      'javascript:{z}{x}{y}',
      // Leaflet's subdomains: the CSP allows one host, so the browser would refuse every tile.
      'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    ])
      expect(() => loadConfig({ INSYN_MAP_TILE_URL: bad })).toThrow(/INSYN_MAP_TILE_URL/);
  });

  it.each(['INSYN_ACCESSIBILITY_FEEDBACK_URL', 'INSYN_PRIVACY_CONTACT_URL'])(
    'takes %s as an https URL or mailto: with one address, and refuses anything else',
    (name) => {
      expect(loadConfig({})[name as keyof InsynConfig]).toBeUndefined();
      expect(loadConfig({ [name]: '' })[name as keyof InsynConfig]).toBeUndefined();
      for (const good of [
        'https://stad.example.se/kontakt?amne=tillganglighet',
        'mailto:dataskyddsombud@stad.example.se',
        'MAILTO:Registrator.Insyn@Stad.Example.se',
      ])
        expect(loadConfig({ [name]: good })[name as keyof InsynConfig]).toBe(good);
      for (const bad of [
        'http://stad.example.se/kontakt',
        'javascript:alert(1)',
        'stad.example.se/kontakt',
        'registrator@stad.example.se',
        'mailto:',
        'mailto:registrator',
        'mailto:a@stad.example.se?subject=x',
        'mailto:a@stad.example.se,b@stad.example.se',
        'mailto:a@stad.example.se%0d%0abcc:c@x.se',
        'mailto:a b@stad.example.se',
        'https://user:pw@stad.example.se/',
        `https://stad.example.se/${'x'.repeat(500)}`,
      ])
        expect(() => loadConfig({ [name]: bad })).toThrow(
          new RegExp(`${name} must be an https URL or mailto: with one e-mail address`),
        );
    },
  );

  it('takes an index prefix of lower-case letters and digits (default insyn)', () => {
    expect(loadConfig({}).MEILI_INDEX_PREFIX).toBe('insyn');
    expect(loadConfig({ MEILI_INDEX_PREFIX: 'staging2' }).MEILI_INDEX_PREFIX).toBe('staging2');
    for (const bad of ['Staging', '2nd', 'a_b', 'x'.repeat(31), 'a*'])
      expect(problemsOf({ MEILI_INDEX_PREFIX: bad })).toEqual([
        'MEILI_INDEX_PREFIX must be 1 to 30 lower-case letters and digits, beginning with a letter',
      ]);
    // The README's table says the same rule.
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `MEILI_INDEX_PREFIX`'));
    expect(row).toContain('1 to 30 lower-case letters and digits, beginning with a letter');
  });

  it('lets search engines index the registry unless told noindex, and refuses anything else', () => {
    expect(loadConfig({}).INSYN_SEARCH_ENGINES).toBe('index');
    expect(loadConfig({ INSYN_SEARCH_ENGINES: '' }).INSYN_SEARCH_ENGINES).toBe('index');
    expect(loadConfig({ INSYN_SEARCH_ENGINES: 'noindex' }).INSYN_SEARCH_ENGINES).toBe('noindex');
    for (const bad of ['no', 'NOINDEX', 'false', 'noindex,nofollow'])
      expect(() => loadConfig({ INSYN_SEARCH_ENGINES: bad })).toThrow(
        /INSYN_SEARCH_ENGINES must be one of index, noindex/,
      );
  });

  it('reads trusted proxies as a list for Express, and refuses anything else', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['loopback']);
    expect(loadConfig({ INSYN_TRUSTED_PROXIES: 'none' }).trustedProxies).toBe(false);
    expect(
      loadConfig({ INSYN_TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,fd00::/8,uniquelocal' })
        .trustedProxies,
    ).toEqual(['10.0.0.1', '172.16.0.0/12', 'fd00::/8', 'uniquelocal']);
    for (const bad of ['true', '2', '10.0.0.1,', '10.0.0.0/33', 'proxy.example.org', '*']) {
      expect(() => loadConfig({ INSYN_TRUSTED_PROXIES: bad })).toThrow(/INSYN_TRUSTED_PROXIES/);
    }
  });

  it('builds the public URL from INSYN_PUBLIC_URL or the port, without a trailing slash', () => {
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ INSYN_PUBLIC_URL: 'https://insyn.stad.example.se/' }).publicUrl).toBe(
      'https://insyn.stad.example.se',
    );
    // What is no URL at all is told that, in one line (not also the origin rule).
    for (const bad of ['insyn.example.se', 'notaurl', 'ftp://insyn.example.se'])
      expect(problemsOf({ INSYN_PUBLIC_URL: bad })).toEqual([
        'INSYN_PUBLIC_URL must be an http(s) URL',
      ]);
    // The site's links are root-relative: no path, query, fragment or user in the address.
    for (const bad of [
      'https://example.org/insyn',
      'https://example.org/?x=1',
      'https://example.org#frag',
      'https://user:pw@example.org',
    ])
      expect(() => loadConfig({ INSYN_PUBLIC_URL: bad })).toThrow(
        /INSYN_PUBLIC_URL must be the origin the site is served at/,
      );
    expect(loadConfig({ INSYN_PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe(
      'http://localhost:3000',
    );
    expect(loadConfig({}).INSYN_ORGANISATION_NAME).toBe('Stockholms stad');
  });

  it('reads the database timeouts in seconds (defaults 30, 60 and 60), and refuses anything else', () => {
    expect(loadConfig({}).databaseTimeouts).toEqual({
      poolTimeoutMs: 30_000,
      idleInTransactionMs: 60_000,
      queryTimeoutMs: 60_000,
    });
    expect(
      loadConfig({
        DATABASE_POOL_TIMEOUT_SECONDS: '5',
        DATABASE_IDLE_IN_TRANSACTION_SECONDS: '120',
        DATABASE_QUERY_TIMEOUT_SECONDS: '15',
      }).databaseTimeouts,
    ).toEqual({ poolTimeoutMs: 5_000, idleInTransactionMs: 120_000, queryTimeoutMs: 15_000 });
    for (const [key, value] of [
      ['DATABASE_QUERY_TIMEOUT_SECONDS', '0'],
      ['DATABASE_QUERY_TIMEOUT_SECONDS', '3601'],
      ['DATABASE_POOL_TIMEOUT_SECONDS', '0'],
      ['DATABASE_POOL_TIMEOUT_SECONDS', '1.5'],
      ['DATABASE_IDLE_IN_TRANSACTION_SECONDS', 'soon'],
      ['DATABASE_IDLE_IN_TRANSACTION_SECONDS', '-1'],
    ]) {
      expect(() => loadConfig({ [key]: value })).toThrow(key);
    }
  });

  it.each([
    ['PORT', 1, 65535, ''],
    ['DATABASE_POOL_TIMEOUT_SECONDS', 1, 3600, ' of seconds'],
    ['DATABASE_IDLE_IN_TRANSACTION_SECONDS', 1, 86400, ' of seconds'],
    ['INSYN_CONTACT_RETENTION_DAYS', 0, 3650, ' of days'],
    ['INSYN_CONCERN_TARGET_DAYS', 1, 365, ' of days'],
    ['INSYN_INDEXER_LEASE_SECONDS', 1, 3600, ' of seconds'],
  ] as const)(
    'takes %s from %d to %d, and says the range for anything else, in one line',
    (name, min, max, unit) => {
      expect(loadConfig({ [name]: String(min) })[name]).toBe(min);
      expect(loadConfig({ [name]: String(max) })[name]).toBe(max);
      const says = `${name} must be a whole number${unit} from ${min} to ${max}`;
      for (const bad of [String(min - 1), String(max + 1), 'abc', '1.5', '-0x1'])
        expect(problemsOf({ [name]: bad })).toEqual([says]);
    },
  );

  it('refuses PORT=0: every link would say localhost:0 while the server took another port', () => {
    expect(problemsOf({ PORT: '0' })).toEqual(['PORT must be a whole number from 1 to 65535']);
  });

  it('refuses MEILI_MASTER_KEY without MEILI_HOST: the embedded Meilisearch makes its own key', () => {
    const says = expect.stringMatching(
      /^MEILI_MASTER_KEY needs MEILI_HOST: leave it unset for the embedded Meilisearch \(which makes its own key in INSYN_DATA_DIR\), or set MEILI_HOST/,
    );
    expect(problemsOf({ MEILI_MASTER_KEY: 'a-long-master-key-0123456789' })).toEqual([says]);
    // One line, about what is wrong: not also the length of a key that is not to be given.
    expect(problemsOf({ MEILI_MASTER_KEY: 'short' })).toEqual([says]);
    // A blank key is unset, as in an env file with the line left empty.
    expect(loadConfig({ MEILI_MASTER_KEY: ' ' }).MEILI_MASTER_KEY).toBeUndefined();
    expect(
      loadConfig({
        MEILI_HOST: 'http://meili:7700',
        MEILI_MASTER_KEY: 'a-long-master-key-0123456789',
      }).MEILI_MASTER_KEY,
    ).toBe('a-long-master-key-0123456789');
    expect(problemsOf({ MEILI_HOST: 'http://meili:7700', MEILI_MASTER_KEY: 'short' })).toEqual([
      'MEILI_MASTER_KEY must be at least 16 bytes',
    ]);
  });

  it('takes MEILI_BINARY only as the absolute path of an executable file, saying what is wrong', () => {
    expect(loadConfig({}).MEILI_BINARY).toBeUndefined();
    // Node's own binary: absolute, a file, executable.
    expect(loadConfig({ MEILI_BINARY: process.execPath }).MEILI_BINARY).toBe(process.execPath);
    const says = 'MEILI_BINARY must be the absolute path of an executable Meilisearch binary';
    for (const [bad, why] of [
      ['/nonexistent/meilisearch', 'nothing is there'],
      ['relative/meilisearch', 'it is relative'],
      [__dirname, 'it is not a file'],
      // This spec: a file, but not executable (git keeps it 644).
      [__filename, 'the file is not executable'],
      [`${__filename}/meilisearch`, 'nothing is there'],
    ]) {
      const problems = problemsOf({ MEILI_BINARY: bad });
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${says} .*: ${why}$`))]);
      // The problem is said, the path is not echoed (values never are).
      expect(problems[0]).not.toContain(bad);
    }
  });

  it('is documented key for key in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const keys = example
      .split('\n')
      .map((line) => line.replace(/^#\s*/, ''))
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect([...new Set(keys)].sort()).toEqual([...CONFIG_KEYS].sort());
  });
});
