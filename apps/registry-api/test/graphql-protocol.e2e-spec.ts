import { DataSource } from 'typeorm';
import { createTestTokens, LogCapture } from '@insyn/testing';
import { MAX_JSON_OBJECT_NESTING } from '../src/graphql/scalars/json-object.scalar';
import { QUERY_LIMITS } from '../src/graphql/query-cost.plugin';
import { RegistryApiHarness } from './registry-api.harness';

interface LogLine {
  level: number;
  msg?: string;
  code?: string;
}
interface Answer {
  status: number;
  text: string;
  body: {
    data?: unknown;
    errors?: {
      message: string;
      extensions?: { code?: string; fields?: { field: string; message: string }[] };
    }[];
  };
  logged: LogLine[];
}

const INFO = 30;
const ERROR = 50;
const MAX = QUERY_LIMITS.maxNesting;

/** `depth` JSON arrays inside one another, as text (JSON.stringify of such a value overflows). */
const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const REGISTER_IOT = `mutation($i: IotDeploymentInput!) { registerIotDeployment(departmentSlug: "department-a", input: $i) { id } }`;
/** A registration whose one location's area is `area` (JSON text). */
const iotVariables = (area: string) =>
  `{"i":{"title":"Kameror","iotDeployment":{"locations":[{"description":"Torget","area":${area}}]}}}`;
/** The same with the input written in the query document: `area` is a GraphQL literal. */
const iotLiteral = (area: string) =>
  `mutation { registerIotDeployment(departmentSlug: "department-a", input: { title: "Kameror", iotDeployment: { locations: [{ description: "Torget", area: ${area} }] } }) { id } }`;

/**
 * Requests that break the GraphQL-over-HTTP protocol, or nest too deeply, are refused with a code
 * and a clear message, logged at info: never HTTP 500, INTERNAL_SERVER_ERROR, an internal message
 * (a RangeError's "Maximum call stack size exceeded") or an error-level log line.
 */
describe('GraphQL protocol refusals', () => {
  let api: RegistryApiHarness;
  let editor: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'graphql-protocol',
      { LOG_LEVEL: 'info' },
      { logStream: logs },
    );
    editor = (await createTestTokens(api.app.get(DataSource))).editorA;
  });
  afterAll(async () => {
    await api.stop();
  });

  /** Sends one request; the answer and the log lines it left. */
  async function send(init: RequestInit & { search?: string }): Promise<Answer> {
    logs.lines.length = 0;
    const response = await fetch(`${api.baseUrl}/graphql${init.search ?? ''}`, init);
    const text = await response.text();
    const logged = logs.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
    return { status: response.status, text, body: JSON.parse(text) as Answer['body'], logged };
  }
  const post = (body: string, headers: Record<string, string> = {}) =>
    send({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  /** One error, with this status, code and message; logged at info, nothing at error level. */
  function expectRefused(answer: Answer, status: number, code: string, message: string | RegExp) {
    expect([answer.status, answer.body.errors?.map((e) => e.extensions?.code)]).toEqual([
      status,
      [code],
    ]);
    expect(answer.body.errors?.[0].message).toMatch(message);
    expect(answer.text).not.toMatch(/Maximum call stack|RangeError|Internal server error|\bat \//);
    expect(answer.logged.filter((l) => l.level >= ERROR)).toEqual([]);
    expect(answer.logged).toContainEqual(
      expect.objectContaining({ level: INFO, msg: 'request refused', code }),
    );
  }

  describe('nesting', () => {
    const tooDeep = new RegExp(`nested more than ${MAX} levels deep`);

    it.each([3_000, 100_000])(
      'refuses variables nested %i levels deep, even unused (was: HTTP 500)',
      async (depth) => {
        const answer = await post(`{"query":"{__typename}","variables":{"x":${arrays(depth)}}}`);
        expectRefused(answer, 400, 'QUERY_TOO_COMPLEX', tooDeep);
        expect(answer.body.errors?.[0].message).toMatch(/^The request \(its variables/);
      },
    );

    it(`takes a body of ${MAX} levels, and refuses one of ${MAX + 1}`, async () => {
      // The body is level 1, `variables` level 2.
      const body = (depth: number) => `{"query":"{__typename}","variables":{"x":${arrays(depth)}}}`;
      const within = await post(body(MAX - 2));
      expect([within.status, within.body]).toEqual([200, { data: { __typename: 'Query' } }]);
      expectRefused(await post(body(MAX - 1)), 400, 'QUERY_TOO_COMPLEX', tooDeep);
    });

    it('refuses deep extensions, and deep variables of a GET request', async () => {
      expectRefused(
        await post(`{"query":"{__typename}","extensions":{"x":${arrays(5_000)}}}`),
        400,
        'QUERY_TOO_COMPLEX',
        tooDeep,
      );
      const search = `?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"x":${arrays(200)}}`)}`;
      expectRefused(
        await send({ method: 'GET', search, headers: { 'apollo-require-preflight': '1' } }),
        400,
        'QUERY_TOO_COMPLEX',
        tooDeep,
      );
    });

    it.each([
      [
        'a list literal',
        `{ entries(first: ${'['.repeat(2_400)}1${']'.repeat(2_400)}) { totalCount } }`,
      ],
      ['selection sets', `{ ${'entries { '.repeat(2_400)}totalCount${' }'.repeat(2_400)} }`],
    ])(
      'refuses a query document with %s nested within the token limit (was: the parser overflowing)',
      async (_what, query) => {
        const answer = await post(JSON.stringify({ query }));
        expectRefused(answer, 400, 'QUERY_TOO_COMPLEX', tooDeep);
        expect(answer.body.errors?.[0].message).toMatch(/^The query document/);
      },
    );
  });

  describe('JSON objects (GeoJSON areas)', () => {
    const AREA = 'input.iotDeployment.locations.0.area';
    const deepArea = `must be a JSON object nested at most ${MAX_JSON_OBJECT_NESTING} levels deep (arrays and objects)`;
    const auth = () => ({ authorization: `Bearer ${editor}` });

    /** BAD_USER_INPUT naming the area (HTTP 400: nothing ran), logged at info. */
    function expectAreaRefused(answer: Answer, message: string) {
      expectRefused(answer, 400, 'BAD_USER_INPUT', `${AREA}: area ${message}`);
      expect(answer.body.errors?.[0].extensions?.fields).toEqual([
        { field: AREA, message: `area ${message}` },
      ]);
    }

    it('refuses 100,000 nested arrays in an area variable by the nesting limit', async () => {
      const answer = await post(
        `{"query":${JSON.stringify(REGISTER_IOT)},"variables":${iotVariables(`{"a":${arrays(100_000)}}`)}}`,
        auth(),
      );
      expectRefused(answer, 400, 'QUERY_TOO_COMPLEX', /nested more than/);
    });

    it('refuses an area nested too deeply within the nesting limit, naming the field', async () => {
      const depth = MAX_JSON_OBJECT_NESTING + 10;
      expectAreaRefused(
        await post(
          `{"query":${JSON.stringify(REGISTER_IOT)},"variables":${iotVariables(`{"a":${arrays(depth)}}`)}}`,
          auth(),
        ),
        deepArea,
      );
      expectAreaRefused(
        await post(JSON.stringify({ query: iotLiteral(`{ a: ${arrays(depth)} }`) }), auth()),
        deepArea,
      );
    });

    it('refuses an area that is not an object without quoting it (was: "…non-object value: ")', async () => {
      expectAreaRefused(
        await post(
          `{"query":${JSON.stringify(REGISTER_IOT)},"variables":${iotVariables('[[18.07, 59.33]]')}}`,
          auth(),
        ),
        'must be a JSON object',
      );
      const literal = await post(JSON.stringify({ query: iotLiteral('[[18.07, 59.33]]') }), auth());
      expectAreaRefused(literal, 'must be a JSON object');
      expect(literal.text).not.toMatch(/18\.07/);
    });

    it('refuses 2,400 nested lists in an area literal by the nesting limit', async () => {
      const answer = await post(
        JSON.stringify({ query: iotLiteral(`{ a: ${arrays(2_400)} }`) }),
        auth(),
      );
      expectRefused(answer, 400, 'QUERY_TOO_COMPLEX', /^The query document is nested more than/);
    });
  });

  describe('the protocol', () => {
    it.each([
      ['a hash that does not match', { version: 1, sha256Hash: 'abc' }, true],
      ['version 2', { version: 2, sha256Hash: 'abc' }, true],
      ['not an object', 'x', true],
      ['a hash alone', { version: 1, sha256Hash: 'abc' }, false],
    ])(
      'answers a persisted query (%s) PERSISTED_QUERY_NOT_SUPPORTED: APQ is off',
      async (_what, persistedQuery, withQuery) => {
        const answer = await post(
          JSON.stringify({
            ...(withQuery ? { query: '{ __typename }' } : {}),
            extensions: { persistedQuery },
          }),
        );
        // Apollo's answer for APQ clients, which then send the query text: HTTP 200.
        expectRefused(answer, 200, 'PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported');
      },
    );

    it('refuses two mutations in one request, writing neither (was: the first written, data null)', async () => {
      const entries = async () =>
        Number((await api.app.get(DataSource).query('SELECT count(*) FROM entry'))[0].count);
      const before = await entries();
      const register = (alias: string, title: string) =>
        `${alias}: registerIotDeployment(departmentSlug: "department-a", input: { title: "${title}", iotDeployment: { locations: [{ description: "Torget" }] } }) { id }`;
      const answer = await post(
        JSON.stringify({
          query: `mutation { ${register('a', 'Första')} ${register('b', '   ')} }`,
        }),
        { authorization: `Bearer ${editor}` },
      );
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', /^A request may run one mutation/);
      expect(await entries()).toBe(before);
      // One at a time, the first is written.
      const one = await post(JSON.stringify({ query: `mutation { ${register('a', 'Första')} }` }), {
        authorization: `Bearer ${editor}`,
      });
      expect(one.status).toBe(200);
      expect(await entries()).toBe(before + 1);
    });

    it('reads an explicit null of an optional argument as absent', async () => {
      const answer = await post(
        JSON.stringify({
          query: `query($id: ID, $after: String) {
            entry(id: $id, slug: "finns-inte") { id }
            concerns(first: 1, after: $after) { nodes { id } } }`,
          variables: { id: null, after: null },
        }),
        { authorization: `Bearer ${editor}` },
      );
      expect(answer.body).toEqual({ data: { entry: null, concerns: { nodes: [] } } });
    });

    it('refuses a subscription while validating (was: INTERNAL_SERVER_ERROR)', async () => {
      expectRefused(
        await post(JSON.stringify({ query: 'subscription { x }' })),
        400,
        'GRAPHQL_VALIDATION_FAILED',
        "The registry's schema has no subscription operations (only queries and mutations)",
      );
    });

    it('refuses an unknown operation name, and several operations without one', async () => {
      expectRefused(
        await post(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' })),
        400,
        'OPERATION_RESOLUTION_FAILURE',
        'Unknown operation named "B".',
      );
      expectRefused(
        await post(JSON.stringify({ query: 'query A { __typename } query B { __typename }' })),
        400,
        'OPERATION_RESOLUTION_FAILURE',
        'Must provide operation name if query contains multiple operations.',
      );
    });

    it('refuses an operationName that is no GraphQL name, without quoting it back', async () => {
      for (const operationName of ['X\ud800', 'A\u0000', '1A', 'a b', 'A'.repeat(201), 42, {}]) {
        const answer = await post(
          JSON.stringify({ query: 'query A { __typename }', operationName }),
        );
        expectRefused(
          answer,
          400,
          'BAD_REQUEST',
          /^operationName must be the name of an operation/,
        );
        expect(answer.text).not.toContain('\\ud800');
      }
      // A name, or none, goes on as before.
      for (const operationName of ['A', null, undefined]) {
        const answer = await post(
          JSON.stringify({ query: 'query A { __typename }', operationName }),
        );
        expect({ operationName, status: answer.status }).toEqual({ operationName, status: 200 });
      }
    });

    it.each<[string, RequestInit & { search?: string }, number, RegExp]>([
      [
        'a mutation over GET',
        {
          method: 'GET',
          search: `?query=${encodeURIComponent('mutation { __typename }')}`,
          headers: { 'apollo-require-preflight': '1' },
        },
        405,
        /^GET requests only support query operations/,
      ],
      [
        'a GET without a preflight header (CSRF)',
        { method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}` },
        400,
        /Cross-Site Request Forgery/,
      ],
      [
        'text/plain (CSRF)',
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{"query":"{ __typename }"}',
        },
        400,
        /Cross-Site Request Forgery/,
      ],
      [
        'application/xml',
        { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' },
        400,
        /^POST body missing, invalid Content-Type/,
      ],
      [
        'a batch',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '[{"query":"{ __typename }"}]',
        },
        400,
        /^Operation batching disabled/,
      ],
      [
        'an Accept header without JSON',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/html' },
          body: '{"query":"{ __typename }"}',
        },
        406,
        /does not accept application\/json/,
      ],
      [
        'no query',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":""}' },
        400,
        /must contain a non-empty `query`/,
      ],
      [
        'variables as a string',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }","variables":"{}"}',
        },
        400,
        /^`variables` in a POST body should be provided as an object/,
      ],
    ])('refuses %s as BAD_REQUEST', async (_what, init, status, message) => {
      expectRefused(await send(init), status, 'BAD_REQUEST', message);
    });

    it('answers OPTIONS (a CORS preflight) 405 with Allow, as PUT, and sends no CORS headers', async () => {
      const preflight = {
        method: 'OPTIONS',
        headers: {
          origin: 'https://notebook.example.org',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      };
      for (const search of ['', '/']) {
        logs.lines.length = 0;
        const response = await fetch(`${api.baseUrl}/graphql${search}`, preflight);
        expect({
          search,
          status: response.status,
          allow: response.headers.get('allow'),
          cors: response.headers.get('access-control-allow-origin'),
          body: await response.json(),
        }).toEqual({
          search,
          status: 405,
          allow: 'GET, POST',
          cors: null,
          body: {
            errors: [
              {
                message: expect.stringMatching(
                  /^OPTIONS is not allowed here; this address takes GET, POST \(GraphQL answers no CORS preflight/,
                ),
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          },
        });
        expect(logs.text).toContain('"msg":"request refused: method not allowed"');
      }
      // PUT says the same methods.
      const put = await fetch(`${api.baseUrl}/graphql`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST']);
      expect(((await put.json()) as { errors: { message: string }[] }).errors[0].message).toBe(
        'PUT is not allowed here; this address takes GET, POST',
      );
      // Whatever the headers (Apollo took PUT, DELETE or PATCH without a JSON body for a possible
      // CSRF, 400), and OPTIONS or PUT on what lies under the endpoint (probe Z, Z2).
      for (const [method, path, allow] of [
        ['PUT', '/graphql', 'GET, POST'],
        ['DELETE', '/graphql/', 'GET, POST'],
        ['PATCH', '/graphql', 'GET, POST'],
        ['OPTIONS', '/graphql/schema.graphql', 'GET, HEAD'],
        ['PUT', '/graphql/schema.graphql', 'GET, HEAD'],
      ]) {
        const response = await fetch(`${api.baseUrl}${path}`, { method });
        const text = await response.text();
        expect({
          method,
          path,
          status: response.status,
          allow: response.headers.get('allow'),
        }).toEqual({ method, path, status: 405, allow });
        expect(text).not.toContain('CSRF');
      }
      // A query from another origin is answered, without a header letting a page read it.
      const query = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://notebook.example.org' },
        body: '{"query":"{ __typename }"}',
      });
      expect([query.status, query.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    });
  });
});
