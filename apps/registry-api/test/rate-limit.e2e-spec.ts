import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Role, TokensService } from '@insyn/access';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RateLimitStorage } from '../src/http/rate-limit-storage';
import { RegistryApiHarness } from './registry-api.harness';

const LIMIT = 5;
const TOKEN_LIMIT = 8;
const FAILED_TOKEN_LIMIT = 3;
const PRINCIPLES = '{ principles { code } }';
/** Resolves no Nest resolver: nothing but the rate limit looks at its token. */
const TYPENAME = '{ __typename }';
/** A token of the right shape that no one was ever given, new each time. */
const madeUpToken = () => `insyn_${randomBytes(32).toString('base64url')}`;

/** One POST to /graphql, optionally with an X-Forwarded-For header, as any client could send. */
async function post(api: RegistryApiHarness, body: string, forwardedFor?: string, token?: string) {
  const response = await fetch(`${api.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}
const query = (q: string) => JSON.stringify({ query: q });

/**
 * What a refusal by the rate limit looks like: 429, Retry-After, a GraphQL-shaped body; the
 * message names the bucket when `message` is given.
 */
function expectRateLimited(answer: Awaited<ReturnType<typeof post>>, message?: string) {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(body.errors[0].message).toMatch(/Too many requests/);
  if (message) expect(body.errors[0].message).toContain(message);
}
/**
 * A refused token is counted for its address just after its answer is sent: waits (with a
 * deadline) until the address's count in the store has reached `refused`.
 */
async function refusalsCounted(api: RegistryApiHarness, address: string, refused: number) {
  const key = `http-failed-token:${api.app.get(RateLimitStorage).keyOf(address)}`;
  const counted = async (): Promise<number> =>
    (await api.app.get(DataSource).query('SELECT points FROM rate_limit WHERE key = $1', [key]))[0]
      ?.points ?? 0;
  const deadline = Date.now() + 5_000;
  while ((await counted()) < refused && Date.now() < deadline) await sleep(20);
}

/** The address bucket's refusal, and the token bucket's. */
const PER_ADDRESS = `Too many requests: at most ${LIMIT} per 60 s`;
const PER_TOKEN = `Too many requests with this token: at most ${TOKEN_LIMIT} per 60 s`;

/**
 * The rate limit is the first HTTP middleware: requests refused later (syntax, query limits,
 * body) count; the client is the peer unless the peer is a trusted proxy.
 */
describe('rate limit at the HTTP layer', () => {
  describe('behind a trusted proxy (INSYN_TRUSTED_PROXIES=loopback)', () => {
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'rate-limit-trusted',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        {
          rateLimit: {
            limit: LIMIT,
            tokenLimit: TOKEN_LIMIT,
            windowMs: 60_000,
            failedTokenLimit: FAILED_TOKEN_LIMIT,
          },
        },
      );
      tokens = await createTestTokens(api.app.get(DataSource));
    });
    afterAll(async () => {
      await api.stop();
    });

    it('counts requests refused before any resolver: syntax, fan-out, aliases, 1 MB, bad JSON', async () => {
      const client = '198.51.100.1';
      const fanOut = [
        '{ ...G0 }',
        ...Array.from(
          { length: 22 },
          (_, i) => `fragment G${i} on Query { ...G${i + 1} ...G${i + 1} }`,
        ),
        'fragment G22 on Query { principles { code } }',
      ].join('\n');
      const refused = [
        query('{ principles { code '),
        query(fanOut),
        query(
          `{ ${Array.from({ length: 1_000 }, (_, i) => `a${i}: entries { nodes { id } }`).join(' ')} }`,
        ),
        query(`{ principles { code } } # ${'x'.repeat(1_000_000)}`),
        '{"query": not json',
      ];
      expect(refused).toHaveLength(LIMIT);
      for (const body of refused) expect((await post(api, body, client)).status).toBe(400);
      // The budget is spent: even a good request is now refused, and so is the next bad one.
      expectRateLimited(await post(api, query(PRINCIPLES), client));
      expectRateLimited(await post(api, query(fanOut), client));
    });

    it('gives each client behind the proxy its own bucket, from X-Forwarded-For', async () => {
      const [a, b] = ['203.0.113.1', '203.0.113.2'];
      for (let i = 0; i < LIMIT; i++)
        expect((await post(api, query(PRINCIPLES), a)).status).toBe(200);
      expectRateLimited(await post(api, query(PRINCIPLES), a));
      // Another client of the same proxy, and the proxy itself, are not affected.
      expect((await post(api, query(PRINCIPLES), b)).status).toBe(200);
      expect((await post(api, query(PRINCIPLES))).status).toBe(200);
      // A chain: the client is the last address not among the trusted proxies.
      expectRateLimited(await post(api, query(PRINCIPLES), `192.0.2.9, ${a}`));
    });

    it('gives each token its own, larger budget, apart from the address it comes from', async () => {
      const office = '203.0.113.80';
      for (let i = 0; i < LIMIT; i++) await post(api, query(PRINCIPLES), office);
      expectRateLimited(await post(api, query(PRINCIPLES), office));
      // Staff behind the same address are not locked out by the public's traffic, and their
      // token's budget is larger than an address's…
      for (let i = 0; i < TOKEN_LIMIT; i++) {
        expect((await post(api, query(PRINCIPLES), office, tokens.editorA)).status).toBe(200);
      }
      // …and their own, wherever they come from.
      const over = await post(api, query(PRINCIPLES), '203.0.113.81', tokens.editorA);
      expectRateLimited(over);
      expect(JSON.parse(over.text).errors[0].message).toMatch(
        `Too many requests with this token: at most ${TOKEN_LIMIT} per 60 s`,
      );
      expect((await post(api, query(PRINCIPLES), office, tokens.editorB)).status).toBe(200);
    });

    it('counts in PostgreSQL (shared by every API process), under keyed hashes', async () => {
      const rows: { key: string; points: number }[] = await api.app
        .get(DataSource)
        .query('SELECT key, points FROM rate_limit');
      const byPrefix = (prefix: string) => rows.filter((r) => r.key.startsWith(`${prefix}:`));
      expect(byPrefix('http-address').length).toBeGreaterThan(0);
      expect(byPrefix('http-token').map((r) => r.points)).toContain(TOKEN_LIMIT + 1);
      // No address and no token is stored as such.
      const keys = rows.map((r) => r.key).join(' ');
      expect(keys).not.toMatch(/203\.0\.113|198\.51\.100|insyn_/);
      expect(keys).not.toContain(tokens.editorA);
    });

    it('refuses made-up tokens past a few per address, before the database', async () => {
      const guesser = '203.0.113.90';
      for (let i = 0; i < FAILED_TOKEN_LIMIT; i++) {
        const answer = await post(api, query(PRINCIPLES), guesser, `insyn_guess-${i}`);
        expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      await refusalsCounted(api, guesser, FAILED_TOKEN_LIMIT);
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        expectRateLimited(await post(api, query(PRINCIPLES), guesser, 'insyn_guess-next'));
        expect(sql).not.toHaveBeenCalled();
      } finally {
        sql.mockRestore();
      }
      // Counted where every API process sees it, under the address's keyed hash.
      const refused: { key: string; points: number }[] = await api.app
        .get(DataSource)
        .query(`SELECT key, points FROM rate_limit WHERE key LIKE 'http-failed-token:%'`);
      expect(refused.map((r) => r.points)).toEqual([FAILED_TOKEN_LIMIT]);
      expect(refused[0].key).not.toContain(guesser);
      // Good tokens from elsewhere, and the guesser's anonymous requests, are not affected.
      expect((await post(api, query(PRINCIPLES), '203.0.113.91', tokens.reviewer)).status).toBe(
        200,
      );
      expect((await post(api, query(PRINCIPLES), guesser)).status).toBe(200);
    });

    it('counts made-up tokens as refused, and for their address, where nothing authenticates', async () => {
      // `{ __typename }` reaches no resolver, so only the rate limit looks at the token.
      const guesser = '203.0.113.92';
      for (let i = 0; i < FAILED_TOKEN_LIMIT; i++) {
        const answer = await post(api, query(TYPENAME), guesser, madeUpToken());
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
      }
      await refusalsCounted(api, guesser, FAILED_TOKEN_LIMIT);
      expectRateLimited(
        await post(api, query(TYPENAME), guesser, madeUpToken()),
        `Too many requests with a refused token: at most ${FAILED_TOKEN_LIMIT} per 60 s`,
      );
      // The made-up tokens were counted for the address, with its anonymous requests (3 + 2).
      for (let i = FAILED_TOKEN_LIMIT; i < LIMIT; i++)
        expect((await post(api, query(TYPENAME), guesser)).status).toBe(200);
      expectRateLimited(await post(api, query(TYPENAME), guesser), PER_ADDRESS);
    });

    it('reads the site’s pages as anonymous whatever Authorization says: a stale token is not refused there', async () => {
      // A staff browser with a revoked token in its headers, reading the public site.
      const reader = '203.0.113.95';
      const stale = madeUpToken();
      for (let i = 0; i < FAILED_TOKEN_LIMIT + 1; i++) {
        const page = await fetch(`${api.baseUrl}/en/departments`, {
          headers: {
            accept: 'text/html',
            'x-forwarded-for': reader,
            authorization: `Bearer ${stale}`,
          },
        });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      }
    });

    it('looks a token up at most once per request for its budget, and not at all without one', async () => {
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      const tokenLookups = async (body: string, token?: string) => {
        sql.mockClear();
        expect((await post(api, body, '203.0.113.93', token)).status).toBe(200);
        return sql.mock.calls.filter((call) => /\bapi_token\b/.test(String(call[0]))).length;
      };
      try {
        expect(await tokenLookups(query(TYPENAME))).toBe(0);
        expect(await tokenLookups(query(PRINCIPLES))).toBe(0);
        // The first request with the token authenticates it for its budget…
        expect(await tokenLookups(query(TYPENAME), tokens.auditor)).toBe(1);
        // …then the answer is kept for a while: none for an operation that needs no actor…
        expect(await tokenLookups(query(TYPENAME), tokens.auditor)).toBe(0);
        // …and authentication still asks the database itself, once.
        expect(await tokenLookups(query(PRINCIPLES), tokens.auditor)).toBe(1);
      } finally {
        sql.mockRestore();
      }
    });

    it('does not ask the storage about refused tokens for a token it knows to be live', async () => {
      const reads = jest.spyOn(RateLimiterPostgres.prototype, 'get');
      const refusedTokenReads = () =>
        reads.mock.contexts.filter(
          (limiter) => (limiter as RateLimiterPostgres).keyPrefix === 'http-failed-token',
        ).length;
      const { token } = await api.app.get(TokensService).create({
        person: { name: 'Known live' },
        role: Role.AUDITOR,
        createdBy: 'test',
      });
      const client = '203.0.113.94';
      try {
        // Not known here yet: whether its address is blocked is read first.
        expect((await post(api, query(PRINCIPLES), client, token)).status).toBe(200);
        expect(refusedTokenReads()).toBe(1);
        reads.mockClear();
        // Known live now: it would pass a block anyway, so nothing is read for it.
        for (const body of [PRINCIPLES, TYPENAME, PRINCIPLES])
          expect((await post(api, query(body), client, token)).status).toBe(200);
        expect(refusedTokenReads()).toBe(0);
        // Any other token from there is still asked about.
        expect((await post(api, query(TYPENAME), client, madeUpToken())).status).toBe(200);
        expect(refusedTokenReads()).toBe(1);
      } finally {
        reads.mockRestore();
      }
    });

    it('does not limit /health', async () => {
      const client = '203.0.113.50';
      for (let i = 0; i < LIMIT; i++) await post(api, query(PRINCIPLES), client);
      const health = await fetch(`${api.baseUrl}/health`, {
        headers: { 'x-forwarded-for': client },
      });
      expect(health.status).toBe(200);
    });
  });

  describe('tokens that are not live (made up, revoked)', () => {
    const CACHE_MS = 300;
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'rate-limit-not-live',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        {
          rateLimit: {
            limit: LIMIT,
            tokenLimit: TOKEN_LIMIT,
            windowMs: 60_000,
            // Out of the way: what is shown here is the address bucket alone.
            failedTokenLimit: 1_000,
            liveTokenCacheMs: CACHE_MS,
          },
        },
      );
      tokens = await createTestTokens(api.app.get(DataSource));
    });
    afterAll(async () => {
      await api.stop();
    });

    it('counts a fresh made-up token per request for its address, with its anonymous requests', async () => {
      const client = '198.51.100.60';
      expect((await post(api, query(TYPENAME), client)).status).toBe(200);
      expect((await post(api, query(TYPENAME), client)).status).toBe(200);
      // Made-up tokens of every shape: none buys a bucket of its own.
      const madeUp = [madeUpToken(), 'insyn_short', madeUpToken()];
      for (const token of madeUp)
        expect((await post(api, query(TYPENAME), client, token)).status).toBe(200);
      expectRateLimited(await post(api, query(TYPENAME), client, madeUpToken()), PER_ADDRESS);
      expectRateLimited(await post(api, query(TYPENAME), client), PER_ADDRESS);
      // A made-up token answered UNAUTHENTICATED is no different.
      expectRateLimited(await post(api, query(PRINCIPLES), client, madeUpToken()), PER_ADDRESS);
      // Another address is not affected.
      expect((await post(api, query(TYPENAME), '198.51.100.61', madeUpToken())).status).toBe(200);
    });

    it('counts the same made-up token, asked again, for its address too', async () => {
      const client = '198.51.100.62';
      const token = madeUpToken();
      for (let i = 0; i < LIMIT; i++)
        expect((await post(api, query(TYPENAME), client, token)).status).toBe(200);
      expectRateLimited(await post(api, query(TYPENAME), client, token), PER_ADDRESS);
    });

    it('counts a revoked token for its address', async () => {
      await api.app.get(TokensService).revoke(tokens.actors.reviewer.tokenId, 'test');
      const client = '198.51.100.63';
      for (let i = 0; i < LIMIT; i++)
        expect((await post(api, query(TYPENAME), client, tokens.reviewer)).status).toBe(200);
      expectRateLimited(await post(api, query(TYPENAME), client, tokens.reviewer), PER_ADDRESS);
      expectRateLimited(await post(api, query(TYPENAME), client), PER_ADDRESS);
    });

    it('refuses a token revoked after use at once, and counts it for its address once its answer is old', async () => {
      const token = tokens.editorB;
      expect((await post(api, query(TYPENAME), '198.51.100.64', token)).status).toBe(200);
      await api.app.get(TokensService).revoke(tokens.actors.editorB.tokenId, 'test');
      // Authentication asks the database every time: refused from the next request on…
      const refused = await post(api, query(PRINCIPLES), '198.51.100.64', token);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      // …and once the process's answer for the budget has expired, it counts for its address.
      await sleep(CACHE_MS + 100);
      const client = '198.51.100.65';
      for (let i = 0; i < LIMIT; i++)
        expect((await post(api, query(TYPENAME), client, token)).status).toBe(200);
      expectRateLimited(await post(api, query(TYPENAME), client, token), PER_ADDRESS);
    });

    it('gives a live token its own budget, apart from its spent address, even where nothing authenticates', async () => {
      const office = '198.51.100.66';
      for (let i = 0; i < LIMIT; i++) await post(api, query(TYPENAME), office, madeUpToken());
      expectRateLimited(await post(api, query(TYPENAME), office), PER_ADDRESS);
      for (let i = 0; i < TOKEN_LIMIT; i++) {
        expect((await post(api, query(TYPENAME), office, tokens.editorA)).status).toBe(200);
        // Past the kept answer's time as well.
        if (i === TOKEN_LIMIT / 2) await sleep(CACHE_MS + 100);
      }
      expectRateLimited(
        await post(api, query(TYPENAME), '198.51.100.67', tokens.editorA),
        PER_TOKEN,
      );
      // The address is still spent for everything without a live token.
      expectRateLimited(await post(api, query(TYPENAME), office, madeUpToken()), PER_ADDRESS);
    });
  });

  describe('an office behind one address, with a script looping on made-up tokens', () => {
    const CACHE_MS = 1_000;
    const LOOKUP_MS = 1_000;
    /** The default: 30 refused tokens a minute per address. */
    const REFUSED = 30;
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'rate-limit-office',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        {
          rateLimit: {
            limit: 1_000,
            windowMs: 60_000,
            liveTokenCacheMs: CACHE_MS,
            blockedLookupMs: LOOKUP_MS,
          },
        },
      );
      tokens = await createTestTokens(api.app.get(DataSource));
    });
    afterAll(async () => {
      await api.stop();
    });

    const tokenLookups = (sql: jest.SpyInstance) =>
      sql.mock.calls.filter((call) => /\bapi_token\b/.test(String(call[0]))).length;
    const code = (answer: Awaited<ReturnType<typeof post>>) =>
      JSON.parse(answer.text).errors?.[0]?.extensions.code;
    const blockOffice = async (office: string) => {
      for (let i = 0; i < REFUSED; i++)
        expect(code(await post(api, query(PRINCIPLES), office, madeUpToken()))).toBe(
          'UNAUTHENTICATED',
        );
      await refusalsCounted(api, office, REFUSED);
      expectRateLimited(
        await post(api, query(PRINCIPLES), office, madeUpToken()),
        `Too many requests with a refused token: at most ${REFUSED} per 60 s`,
      );
    };

    it('lets a token seen live before the block through, and still refuses made-up and revoked ones', async () => {
      const office = '203.0.113.140';
      const editor = await post(api, query(PRINCIPLES), office, tokens.editorA);
      expect(editor.status).toBe(200);
      expect(JSON.parse(editor.text).errors).toBeUndefined();
      // Seen live too, then revoked before the block.
      expect((await post(api, query(PRINCIPLES), office, tokens.editorB)).status).toBe(200);
      await api.app.get(TokensService).revoke(tokens.actors.editorB.tokenId, 'test');

      await blockOffice(office);
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        // Made-up tokens are refused before the database (in the block's first LOOKUP_MS).
        for (let i = 0; i < 5; i++)
          expectRateLimited(await post(api, query(PRINCIPLES), office, madeUpToken()));
        expect(tokenLookups(sql)).toBe(0);
        // Past the budget's kept answer as well: the token was seen live before the block.
        await sleep(CACHE_MS + 100);
        sql.mockClear();
        const during = await post(api, query(PRINCIPLES), office, tokens.editorA);
        expect(during.status).toBe(200);
        expect(JSON.parse(during.text)).toMatchObject({ data: { principles: expect.any(Array) } });
        // Looked up once, by authentication, as any staff request is.
        expect(tokenLookups(sql)).toBe(1);
        sql.mockClear();
        // The revoked token is refused by authentication once, then known and refused before it.
        expect(code(await post(api, query(PRINCIPLES), office, tokens.editorB))).toBe(
          'UNAUTHENTICATED',
        );
        sql.mockClear();
        expectRateLimited(await post(api, query(PRINCIPLES), office, tokens.editorB));
        expectRateLimited(await post(api, query(TYPENAME), office, tokens.editorB));
        expect(tokenLookups(sql)).toBe(0);
      } finally {
        sql.mockRestore();
      }
      // The editor's token goes on working, also where nothing else authenticates it.
      expect((await post(api, query(TYPENAME), office, tokens.editorA)).status).toBe(200);
      expect((await post(api, query(PRINCIPLES), office, tokens.editorA)).status).toBe(200);
    });

    it('does not let a token seen live through the block once its end date has passed', async () => {
      const office = '203.0.113.142';
      const db = api.app.get(DataSource);
      const { token, entity } = await api.app.get(TokensService).create({
        person: { name: 'Leaving soon' },
        role: Role.REVIEWER,
        expiresAt: new Date(Date.now() + 24 * 60 * 60_000),
        createdBy: 'test',
      });
      // Its last two seconds: seen live here, with its end date.
      await db.query(
        `UPDATE api_token SET expires_at = now() + interval '2 seconds' WHERE id = $1`,
        [entity.id],
      );
      const [{ expires_at: expiresAt }] = await db.query(
        `SELECT expires_at FROM api_token WHERE id = $1`,
        [entity.id],
      );
      expect((await post(api, query(PRINCIPLES), office, token)).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (Date.now() <= (expiresAt as Date).getTime() && Date.now() < deadline) await sleep(50);

      await blockOffice(office);
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        // In the block's first LOOKUP_MS: refused before the database, as a token never seen live.
        expectRateLimited(await post(api, query(PRINCIPLES), office, token));
        expect(tokenLookups(sql)).toBe(0);
      } finally {
        sql.mockRestore();
      }
    });

    it('lets a live token first used during the block in after one lookup, and a guesser only one per interval', async () => {
      const office = '203.0.113.141';
      await blockOffice(office);
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        // Unknown tokens are refused without a lookup, then one per LOOKUP_MS gets one: a guesser
        // sending as fast as it can gets no more.
        const started = Date.now();
        let refused = 0;
        while (Date.now() - started < 3 * LOOKUP_MS) {
          const answer = await post(api, query(TYPENAME), office, madeUpToken());
          if (answer.status === 429) refused++;
          else expect(answer.status).toBe(200);
        }
        const lookups = tokenLookups(sql);
        expect(lookups).toBeGreaterThanOrEqual(1);
        expect(lookups).toBeLessThanOrEqual(Math.floor((Date.now() - started) / LOOKUP_MS));
        expect(refused).toBeGreaterThan(lookups);
        sql.mockClear();
        // A revoked token never seen here is refused like a made-up one (by the limit, or by
        // authentication if its lookup was due).
        await api.app.get(TokensService).revoke(tokens.actors.reviewer.tokenId, 'test');
        const revoked = await post(api, query(PRINCIPLES), office, tokens.reviewer);
        expect(['RATE_LIMITED', 'UNAUTHENTICATED']).toContain(code(revoked));
        // The auditor's token, first used here now: in as soon as its lookup is due…
        const deadline = Date.now() + 10 * LOOKUP_MS;
        let first = await post(api, query(PRINCIPLES), office, tokens.auditor);
        while (first.status === 429 && Date.now() < deadline) {
          await sleep(LOOKUP_MS / 5);
          first = await post(api, query(PRINCIPLES), office, tokens.auditor);
        }
        expect(first.status).toBe(200);
        expect(JSON.parse(first.text).errors).toBeUndefined();
        // …then known: it passes at once, the lookup just spent or not.
        expect((await post(api, query(PRINCIPLES), office, tokens.auditor)).status).toBe(200);
        expectRateLimited(await post(api, query(PRINCIPLES), office, madeUpToken()));
      } finally {
        sql.mockRestore();
      }
    });

    it('gives a burst of made-up tokens sent at once no more lookups than the limit', async () => {
      // An outside probe sent 500 at once from one address and got about 280 lookups: each had
      // checked the stored count before the first refusal was in it. Here every lookup waits at
      // a gate until each request of the burst has been decided, so the burst is all at once
      // however fast this client sends.
      const guesser = '203.0.113.143';
      const BURST = 200;
      const key = api.app.get(RateLimitStorage).keyOf(guesser);
      let checked = 0;
      const get = RateLimiterPostgres.prototype.get;
      const checks = jest
        .spyOn(RateLimiterPostgres.prototype, 'get')
        .mockImplementation(async function (this: RateLimiterPostgres, ...args) {
          const answer = await get.apply(this, args);
          if (args[0] === key && this.keyPrefix === 'http-failed-token') checked++;
          return answer;
        });
      const tokens = api.app.get(TokensService);
      const authenticate = tokens.authenticate;
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const lookups = jest.spyOn(tokens, 'authenticate').mockImplementation(async (secret) => {
        await gate;
        return authenticate.call(tokens, secret);
      });
      try {
        const burst = Promise.all(
          Array.from({ length: BURST }, () => post(api, query(TYPENAME), guesser, madeUpToken())),
        );
        // Every request has checked the stored count (and then been let through or queued).
        const deadline = Date.now() + 20_000;
        while (checked < BURST && Date.now() < deadline) await sleep(10);
        expect(checked).toBe(BURST);
        await new Promise((resolve) => setImmediate(resolve));
        expect(lookups).toHaveBeenCalledTimes(REFUSED);
        const opened = Date.now();
        open();
        const statuses = (await burst).map((answer) => answer.status);
        // Once blocked, one more lookup per LOOKUP_MS (none in the block's first).
        const more = lookups.mock.calls.length - REFUSED;
        expect(more).toBeGreaterThanOrEqual(0);
        expect(more).toBeLessThanOrEqual(Math.floor((Date.now() - opened) / LOOKUP_MS));
        expect(statuses.filter((status) => status === 200)).toHaveLength(REFUSED + more);
        expect(statuses.filter((status) => status === 429)).toHaveLength(BURST - REFUSED - more);
      } finally {
        open();
        lookups.mockRestore();
        checks.mockRestore();
      }
      await refusalsCounted(api, guesser, REFUSED);
    });

    it('delays, never refuses, a burst with a live token new to the process', async () => {
      const office = '203.0.113.144';
      const { token } = await api.app.get(TokensService).create({
        person: { name: 'Bulk loader' },
        role: Role.EDITOR,
        departmentId: tokens.departmentA.id,
        createdBy: 'test',
      });
      // A script's first requests with a token this process has not seen yet, all at once.
      const answers = await Promise.all(
        Array.from({ length: 3 * REFUSED }, () => post(api, query(PRINCIPLES), office, token)),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text).errors).toBeUndefined();
      }
      // Nothing was counted as refused from there: a made-up token is still looked up.
      expect(code(await post(api, query(PRINCIPLES), office, madeUpToken()))).toBe(
        'UNAUTHENTICATED',
      );
    });
  });

  describe('a burst of requests with a good token', () => {
    let api: RegistryApiHarness;
    let tokens: TestTokens;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'rate-limit-burst',
        { INSYN_TRUSTED_PROXIES: 'loopback' },
        { rateLimit: { limit: 1_000, windowMs: 60_000, failedTokenLimit: FAILED_TOKEN_LIMIT } },
      );
      tokens = await createTestTokens(api.app.get(DataSource));
    });
    afterAll(async () => {
      await api.stop();
    });

    it('never counts as refused tokens, however many are in flight at once', async () => {
      const office = '203.0.113.120';
      // Far more at once than the refused-token limit, all with a valid token, from one address.
      const burst = await Promise.all(
        Array.from({ length: 40 }, () => post(api, query(PRINCIPLES), office, tokens.editorA)),
      );
      expect(burst.map((answer) => answer.status)).toEqual(burst.map(() => 200));
      // Nothing was counted against the address: a bad token still gets its few tries, answered
      // UNAUTHENTICATED, before the limit refuses…
      for (let i = 0; i < FAILED_TOKEN_LIMIT; i++) {
        const answer = await post(api, query(PRINCIPLES), office, `insyn_mistyped-${i}`);
        expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      await refusalsCounted(api, office, FAILED_TOKEN_LIMIT);
      const refused = await post(api, query(PRINCIPLES), office, 'insyn_mistyped-next');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(refused.text).errors[0]).toMatchObject({
        extensions: { code: 'RATE_LIMITED' },
        message: expect.stringMatching(/^Too many requests with a refused token/),
      });
    });
  });

  describe('reached directly (the peer is not a trusted proxy)', () => {
    let api: RegistryApiHarness;
    beforeAll(async () => {
      api = await RegistryApiHarness.start(
        'rate-limit-direct',
        { INSYN_TRUSTED_PROXIES: '10.255.255.1' },
        { rateLimit: { limit: LIMIT, windowMs: 60_000 } },
      );
    });
    afterAll(async () => {
      await api.stop();
    });

    it('ignores a spoofed X-Forwarded-For: every request counts for the peer', async () => {
      for (let i = 0; i < LIMIT; i++) {
        const answer = await post(api, query(PRINCIPLES), `198.51.100.${i + 10}`);
        expect(answer.status).toBe(200);
      }
      expectRateLimited(await post(api, query(PRINCIPLES), '198.51.100.200'));
      expectRateLimited(await post(api, query(PRINCIPLES), '10.255.255.1'));
      expectRateLimited(await post(api, query(PRINCIPLES)));
    });
  });
});
