import { connect } from 'node:net';
import { deflateSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit';
import { MAX_POSITIONS } from '../src/graphql/validation/geojson-area.validator';
import { InputValidationPipe } from '../src/graphql/input-validation.pipe';
import { RegistryApiHarness } from './registry-api.harness';

const REGISTER = `mutation($department: String!, $input: AlgorithmInput!) {
  registerAlgorithm(departmentSlug: $department, input: $input) { id }
}`;

/** A closed ring of `positions` positions around Stockholm, at full double precision. */
function polygon(positions: number) {
  const ring = Array.from({ length: positions - 1 }, (_, i) => {
    const angle = (2 * Math.PI * i) / (positions - 1);
    return [18.0686 + 0.05 * Math.cos(angle) + 1e-13, 59.3293 + 0.03 * Math.sin(angle) + 1e-13];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

/** JSON as clients that escape every non-ASCII character write it (`\u00e5`). */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/**
 * The body limit is sized from the largest valid input: big inputs reach validation and are
 * answered BAD_USER_INPUT naming the field (or stored), never HTTP 413; a body over the limit is
 * answered with a GraphQL-shaped PAYLOAD_TOO_LARGE.
 */
describe('request bodies: the largest valid input reaches validation', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('request-body');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api.stop();
  });

  async function post(body: string, token = tokens.editorA) {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    return {
      status: response.status,
      bytes: Buffer.byteLength(body),
      body: (await response.json()) as any,
    };
  }
  const entries = async () => Number((await db.query(`SELECT count(*) AS n FROM entry`))[0].n);
  const registering = (input: Record<string, unknown>) => ({
    query: REGISTER,
    variables: { department: 'department-a', input },
  });

  it.each([
    ['as UTF-8', (v: unknown) => JSON.stringify(v), 200_000],
    ['escaped (\\u00e5)', asciiJson, 600_000],
  ])(
    'refuses a 100,000-character Swedish text %s as BAD_USER_INPUT naming the field',
    async (_how, encode, atLeast) => {
      const before = await entries();
      // Nothing but å, ä and ö: two bytes each in UTF-8, six escaped.
      const text = 'åäö'.repeat(33_334).slice(0, 100_000);
      expect(text).toHaveLength(100_000);
      const answer = await post(encode(registering({ title: 'Lång text', summary: text })));
      expect(answer.bytes).toBeGreaterThan(atLeast);
      expect(answer.status).toBe(200);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(
        answer.body.errors[0].extensions.fields.map((f: { field: string }) => f.field),
      ).toEqual(['input.summary']);
      expect(await entries()).toBe(before);
    },
  );

  it(`stores a polygon of ${MAX_POSITIONS} positions exactly`, async () => {
    const area = polygon(MAX_POSITIONS);
    const answer = await post(
      JSON.stringify(registering({ title: 'Distrikt', geographicArea: { geoJson: area } })),
    );
    expect(answer.bytes).toBeGreaterThan(350_000);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const read = await api
      .graphql(tokens.editorA)
      .data<any>(`query($id: ID!) { entry(id: $id) { geographicArea { geoJson } } }`, {
        id: answer.body.data.registerAlgorithm.id,
      });
    expect(read.entry.geographicArea.geoJson).toEqual(area);
  });

  it(`refuses a polygon of ${MAX_POSITIONS + 1} positions as BAD_USER_INPUT naming the field`, async () => {
    const before = await entries();
    const answer = await post(
      JSON.stringify(
        registering({ title: 'Distrikt', geographicArea: { geoJson: polygon(MAX_POSITIONS + 1) } }),
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors[0].extensions.fields[0].field).toBe('input.geographicArea.geoJson');
    expect(await entries()).toBe(before);
  });

  describe('a list longer than its field allows', () => {
    let pipe: jest.SpyInstance;
    beforeAll(() => {
      pipe = jest.spyOn(InputValidationPipe.prototype, 'transform');
    });
    afterAll(() => pipe.mockRestore());

    async function anonymous(query: string, variables?: Record<string, unknown>) {
      pipe.mockClear();
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as any };
    }
    const ANY_OF = `query($groups: [EntryFilterGroupInput!]) {
      entries(filter: { anyOf: $groups }) { totalCount }
    }`;

    it('is refused by its own limit before one item is coerced or validated (200,000 filter groups)', async () => {
      const answer = await anonymous(ANY_OF, {
        groups: Array.from({ length: 200_000 }, () => ({})),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'filter.anyOf', message: 'anyOf must have at most 10 items' }],
      });
      // The items never reached the validation pipe (about 60 µs each there).
      expect(pipe).not.toHaveBeenCalled();
    });

    it('is measured inside the items it holds, in variables and in the document', async () => {
      // Far over: the lists alone are the answer, before the pipe.
      const many = Array.from({ length: 2_000 }, (_, i) => `department-${i}`);
      const nested = await anonymous(ANY_OF, { groups: [{}, { department: many }] });
      expect(nested.body.errors[0].extensions.fields).toEqual([
        { field: 'filter.anyOf.1.department', message: 'department must have at most 50 items' },
      ]);
      expect(pipe).not.toHaveBeenCalled();
      // A few over: the validation pipe answers as ever, naming every problem of the input.
      const slugs = Array.from({ length: 51 }, (_, i) => `department-${i}`);
      const few = await anonymous(ANY_OF, { groups: [{}, { department: slugs }] });
      expect(few.body.errors[0].extensions.fields).toEqual([
        { field: 'filter.anyOf.1.department', message: 'department must have at most 50 items' },
      ]);
      const written = await anonymous(
        `{ entries(filter: { kind: [${Array(1_001).fill('ALGORITHM').join(', ')}] }) { totalCount } }`,
      );
      expect(written.body.errors[0].extensions.fields).toEqual([
        { field: 'filter.kind', message: 'kind must have at most 3 items' },
      ]);
      // An argument's own message (the pipe's, for the same rule).
      const grouped = await anonymous(
        `query($by: [StatsGroupBy!]!) { registerStats(groupBy: $by) { count } }`,
        { by: Array(1_001).fill('KIND') },
      );
      expect(grouped.body.errors[0].extensions.fields).toEqual([
        { field: 'groupBy', message: 'groupBy must name one to three dimensions' },
      ]);
      expect(pipe).not.toHaveBeenCalled();
    });

    it('reaches validation and the resolver when within its limit', async () => {
      const answer = await anonymous(ANY_OF, {
        groups: Array.from({ length: 10 }, () => ({ kind: ['ALGORITHM'] })),
      });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.entries.totalCount).toEqual(expect.any(Number));
      expect(pipe).toHaveBeenCalled();
    });
  });

  it('refuses a body announced over the limit at once, without waiting for it', async () => {
    const { port } = new URL(api.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    try {
      const answer = new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (chunk) => {
          text += String(chunk);
          if (text.includes('PAYLOAD_TOO_LARGE')) resolve(text);
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
      // 100 GB announced, a few bytes sent: the answer comes before any more.
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: registry\r\nContent-Type: application/json\r\n' +
          'Content-Length: 99999999999\r\n\r\n{"query":',
      );
      const text = await answer;
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
      expect(text).toContain(
        '"The request body is 99999999999 bytes; at most 2097152 are accepted"',
      );
    } finally {
      socket.destroy();
    }
  });

  it('answers a body over the limit with a GraphQL-shaped PAYLOAD_TOO_LARGE (HTTP 413)', async () => {
    const before = await entries();
    const huge = JSON.stringify(registering({ title: 'x', summary: 'å'.repeat(BODY_LIMIT_BYTES) }));
    const answer = await post(huge);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      errors: [
        {
          message: expect.stringContaining(`at most ${BODY_LIMIT_BYTES}`),
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
    expect(await entries()).toBe(before);
  });

  it('answers a malformed body with a GraphQL-shaped BAD_REQUEST (HTTP 400)', async () => {
    for (const body of ['{"query": "{ principles { code } }"', '{"query":', 'query { x }']) {
      const answer = await post(body);
      expect({ body, status: answer.status, error: answer.body.errors[0] }).toEqual({
        body,
        status: 400,
        error: {
          message: 'The request body is not valid JSON',
          extensions: { code: 'BAD_REQUEST' },
        },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/SyntaxError|at JSON|node_modules/);
    }
    // Valid JSON of another kind is refused too, as what it is not.
    for (const body of ['"just a string"', '42', 'null']) {
      const other = await post(body);
      expect({ body, status: other.status, error: other.body.errors[0] }).toMatchObject({
        body,
        status: 400,
        error: {
          message: 'The request body is not a JSON object',
          extensions: { code: 'BAD_REQUEST' },
        },
      });
    }
  });

  it('answers a compressed body that does not inflate, or inflates past the limit, in the same shape', async () => {
    const send = async (encoding: string, body: Buffer) => {
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: new Uint8Array(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const garbage = await send('gzip', Buffer.from('not gzip at all'));
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual({
      errors: [
        {
          message: 'The request body does not inflate as its Content-Encoding says',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    // A few kB that inflate past the limit: the size is not known, and the message says so.
    const bomb = deflateSync(Buffer.alloc(BODY_LIMIT_BYTES + 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    const inflated = await send('deflate', bomb);
    expect(inflated.status).toBe(413);
    expect(inflated.body.errors[0]).toEqual({
      message: `The request body is over the limit (as sent, or once inflated); at most ${BODY_LIMIT_BYTES} bytes are accepted`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('says what is wrong with a body it cannot read in words of its own, never the parser’s names', async () => {
    const send = async (path: string, headers: Record<string, string>, body: string | Buffer) => {
      const response = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const text = await response.text();
      // body-parser's types (`charset.unsupported`, `parameters.too.many`…) are for the log only.
      expect(text).not.toMatch(/\b[a-z]+\.[a-z]+(\.[a-z]+)?\)|rangeError|querystring/i);
      return { status: response.status, text, type: response.headers.get('content-type') };
    };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const deep = `code${'[a]'.repeat(40)}=x`;
    const many = Array.from({ length: 1_100 }, (_, i) => `f${i}=1`).join('&');
    const cases: [string, Record<string, string>, string | Buffer, number, string, string][] = [
      [
        '/sv/concerns/track',
        form,
        deep,
        400,
        'BAD_REQUEST',
        'The form nests its fields deeper than this server reads',
      ],
      [
        '/sv/concerns/track',
        form,
        many,
        413,
        'PAYLOAD_TOO_LARGE',
        'The form has more fields than this server reads',
      ],
      [
        '/sv/concerns/track',
        { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' },
        'code=x',
        415,
        'BAD_REQUEST',
        'The request body must be UTF-8',
      ],
      [
        '/graphql',
        { 'content-type': 'application/json; charset=latin1' },
        '{}',
        415,
        'BAD_REQUEST',
        'The request body must be UTF-8',
      ],
      // Bytes that are not UTF-8 (a Latin-1 `ä`, an overlong `/`) with no charset said: they
      // were read with U+FFFD in their place and stored so.
      [
        '/graphql',
        { 'content-type': 'application/json' },
        Buffer.concat([
          Buffer.from('{"query":"{ search(query: \\"Zebr'),
          Buffer.from([0xe4]),
          Buffer.from('\\") { estimatedTotalHits } }"}'),
        ]),
        400,
        'BAD_REQUEST',
        'The request body must be UTF-8',
      ],
      [
        '/graphql',
        { 'content-type': 'application/json' },
        Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
        400,
        'BAD_REQUEST',
        'The request body must be UTF-8',
      ],
      [
        '/graphql',
        { 'content-type': 'application/json', 'content-encoding': 'compress' },
        '{}',
        415,
        'BAD_REQUEST',
        'The request body’s Content-Encoding is not one this server reads',
      ],
    ];
    for (const [path, headers, body, status, code, message] of cases) {
      const answer = await send(path, headers, body);
      expect({ path, headers, status: answer.status, body: JSON.parse(answer.text) }).toEqual({
        path,
        headers,
        status,
        body: { errors: [{ message, extensions: { code } }] },
      });
    }
    // A resident's browser posting a site form gets a page in the form's language, not JSON.
    const browser = { ...form, accept: 'text/html,application/xhtml+xml' };
    for (const [path, body, status, title] of [
      ['/sv/concerns/track', deep, 400, 'Formuläret gick inte att läsa'],
      ['/en/concerns/track', deep, 400, 'The form could not be read'],
      ['/sv/concerns/track', many, 413, 'Texten är för lång'],
    ] as const) {
      const answer = await send(path, browser, body);
      expect({ path, status: answer.status, type: answer.type }).toEqual({
        path,
        status,
        type: 'text/html; charset=utf-8',
      });
      expect(answer.text).toContain(`<h1>${title}</h1>`);
    }
    const latin1 = await send(
      '/sv/concerns/track',
      { ...browser, 'content-type': 'application/x-www-form-urlencoded; charset=latin1' },
      'code=x',
    );
    expect(latin1.status).toBe(415);
    expect(latin1.text).toContain('<h1>Formuläret gick inte att läsa</h1>');
  });
});
