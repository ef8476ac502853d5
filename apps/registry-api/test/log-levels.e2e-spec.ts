import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { findFreePort } from '@insyn/embedded-services';
import { DepartmentsService } from '@insyn/registry';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

interface LogLine {
  level: number;
  msg?: string;
  code?: string;
  err?: unknown;
  [key: string]: unknown;
}
const ERROR = 50;

/**
 * Expected refusals are logged at info or warn, without a stack; error level is for faults.
 * (Nest's default handler used to log every refused resolver call at error level with a stack.)
 */
describe('log levels of refused requests', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  const lines: LogLine[] = [];
  const LIMIT = 40;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    api = await RegistryApiHarness.start(
      'log-levels',
      { LOG_LEVEL: 'info' },
      {
        logStream: sink,
        // Nothing listens there: search answers SEARCH_UNAVAILABLE.
        meiliHost: `http://127.0.0.1:${await findFreePort()}`,
        rateLimit: { limit: LIMIT, windowMs: 60_000 },
      },
    );
    tokens = await createTestTokens(api.app.get(DataSource));
  });
  afterAll(async () => {
    await api.stop();
  });

  const raw = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return answer.errors?.map((e) => e.extensions?.code);
  };

  it('logs no error line, and no stack, for a session of refusals', async () => {
    const fanOut = [
      '{ ...G0 }',
      ...Array.from(
        { length: 22 },
        (_, i) => `fragment G${i} on Query { ...G${i + 1} ...G${i + 1} }`,
      ),
      'fragment G22 on Query { principles { code } }',
    ].join('\n');
    const register = (token: string, input: unknown) =>
      api
        .graphql(token)
        .errorCodes(
          `mutation($i: AlgorithmInput!) { registerAlgorithm(departmentSlug: "department-a", input: $i) { id } }`,
          { i: input },
        );
    lines.length = 0;
    const refusals: [string, Promise<(string | undefined)[] | undefined>][] = [
      ['BAD_USER_INPUT', register(tokens.editorA, { title: 'x'.repeat(500) })],
      ['BAD_USER_INPUT', register(tokens.editorA, { title: 'x', theme: 'NOT_A_THEME' })],
      ['BAD_USER_INPUT', register(tokens.editorA, { title: 'a\u0000b' })],
      [
        'BAD_USER_INPUT',
        api.graphql().errorCodes('{ entry(slug: "x", asOf: "yesterday") { id } }'),
      ],
      ['UNAUTHENTICATED', api.graphql('insyn_not-a-token').errorCodes('{ departments { slug } }')],
      ['FORBIDDEN', api.graphql(tokens.editorA).errorCodes('{ apiTokens { id } }')],
      [
        'NOT_FOUND',
        api
          .graphql(tokens.admin)
          .errorCodes(
            `mutation { revokeApiToken(id: "00000000-0000-4000-8000-000000000000") { id } }`,
          ),
      ],
      [
        'CONFLICT',
        api
          .graphql(tokens.admin)
          .errorCodes(
            `mutation { createDepartment(input: { slug: "department-a", nameSv: "A", nameEn: "A" }) { id } }`,
          ),
      ],
      ['SEARCH_UNAVAILABLE', api.graphql().errorCodes('{ search(query: "kamera") { offset } }')],
      ['QUERY_TOO_COMPLEX', api.graphql().errorCodes(fanOut)],
      ['GRAPHQL_PARSE_FAILED', api.graphql().errorCodes('{ principles {')],
      ['GRAPHQL_VALIDATION_FAILED', api.graphql().errorCodes('{ nothingHere }')],
      ['PAYLOAD_TOO_LARGE', raw(JSON.stringify({ query: 'x'.repeat(3 * 1024 * 1024) }))],
      ['BAD_REQUEST', raw('{"query": ')],
    ];
    for (const [code, answer] of refusals) expect([code, await answer]).toEqual([code, [code]]);
    // The site's search with Meilisearch down: a 503 page, whose completion line is no fault.
    const page = await fetch(`${api.baseUrl}/sv/search?q=kamera`, {
      headers: { accept: 'text/html' },
    });
    expect([page.status, page.headers.get('retry-after')]).toEqual([503, '30']);
    await page.text();
    // One client over the rate limit (behind the trusted loopback proxy).
    const client = { 'x-forwarded-for': '198.51.100.77' };
    for (let i = 0; i < LIMIT; i++) await raw(JSON.stringify({ query: '{ __typename }' }), client);
    expect(await raw(JSON.stringify({ query: '{ __typename }' }), client)).toEqual([
      'RATE_LIMITED',
    ]);

    expect(lines.filter((l) => l.level >= ERROR)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/"stack"|\n\s+at /);
    // Each refusal left one line saying so, at info or warn.
    const logged = lines.filter((l) => l.msg === 'request refused').map((l) => [l.code, l.level]);
    expect(logged).toEqual(
      expect.arrayContaining([
        ['BAD_USER_INPUT', 30],
        ['UNAUTHENTICATED', 40],
        ['FORBIDDEN', 40],
        ['NOT_FOUND', 30],
        ['CONFLICT', 30],
        ['SEARCH_UNAVAILABLE', 40],
        ['QUERY_TOO_COMPLEX', 30],
        ['GRAPHQL_PARSE_FAILED', 30],
      ]),
    );
    expect(lines.some((l) => l.msg === 'client over the rate limit' && l.level === 40)).toBe(true);
    // Each search said so at warn: GraphQL's and the site page's.
    expect(lines.filter((l) => l.msg === 'search unavailable' && l.level === 40)).toHaveLength(2);
    // The requests' completion lines say no more than the refusals: info for a client's mistake,
    // warn for a 503 (the page's own line has said why), and no made-up error.
    const completed = lines.filter((l) => /^request (completed|errored)$/.test(String(l.msg)));
    const status = (l: LogLine) => (l.res as { statusCode: number }).statusCode;
    expect(completed.some((l) => status(l) >= 400 && status(l) < 500)).toBe(true);
    expect(completed.filter((l) => status(l) < 500 && l.level !== 30)).toEqual([]);
    expect(completed.filter((l) => status(l) === 503).map((l) => [l.level, l.err])).toEqual([
      [40, undefined],
    ]);
    expect(lines.some((l) => l.msg === 'request body refused' && l.level === 30)).toBe(true);
  });

  it('still logs a real fault at error level, with its stack in the log only', async () => {
    lines.length = 0;
    const fault = jest
      .spyOn(DepartmentsService.prototype, 'list')
      .mockRejectedValueOnce(new Error('a bug, at a line of ours'));
    try {
      const result = await api.graphql().request('{ departments { slug } }');
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['INTERNAL_SERVER_ERROR', 'Internal server error'],
      ]);
    } finally {
      fault.mockRestore();
    }
    const errors = lines.filter((l) => l.level >= ERROR);
    expect(errors.map((l) => l.msg)).toEqual(['unexpected error in a GraphQL operation']);
    expect(JSON.stringify(errors[0].err)).toMatch(/a bug, at a line of ours.*stack/);
  });
  it('times a request in its log line from its arrival, the rate limit’s wait for its store included', async () => {
    // A store that takes 300 ms to count (a database that is slow to give a connection).
    const consume = RateLimiterPostgres.prototype.consume;
    const slow = jest
      .spyOn(RateLimiterPostgres.prototype, 'consume')
      .mockImplementation(async function (this: RateLimiterPostgres, ...args) {
        await sleep(300);
        return consume.apply(this, args);
      });
    try {
      lines.length = 0;
      const answer = await raw('{"query":"{ __typename }"}', {
        'x-forwarded-for': '198.51.100.78',
      });
      expect(answer).toBeUndefined();
      expect(slow).toHaveBeenCalled();
      const logged = lines.find((l) => l.msg === 'request completed');
      expect(logged?.responseTime).toBeGreaterThanOrEqual(300);
    } finally {
      slow.mockRestore();
    }
  });
});
