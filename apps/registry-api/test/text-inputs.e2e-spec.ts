import fc from 'fast-check';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { acceptText, hasVisibleText, isAcceptableText } from '@insyn/errors';
import { createTestTokens, GraphQLResponse, TestTokens } from '@insyn/testing';
import { LIMITS } from '../src/entries/inputs/input-limits';
import { RegistryApiHarness } from './registry-api.harness';
import { operationFor, StringSlot, stringSlots } from './string-inputs';

/**
 * One text rule for every string a client sends (issue 9, "No input gives an internal error"):
 * control characters other than tab and newline, bidirectional controls (U+202A–U+202E,
 * U+2066–U+2069) and unpaired surrogates, are refused with BAD_USER_INPUT naming the argument or
 * field, and nothing is written; any other string is trimmed and then stored exactly.
 */
describe('text inputs', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let slots: StringSlot[];

  beforeAll(async () => {
    // The sweeps below send a few hundred requests.
    api = await RegistryApiHarness.start('text-inputs', {}, { rateLimit: { limit: 100_000 } });
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    slots = stringSlots(api.app.get(GraphQLSchemaHost).schema);
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Row counts of every table a request could write to. */
  const TABLES = [
    'entry',
    'entry_version',
    'entry_relation',
    'audit_event',
    'api_token',
    'department',
    'search_outbox',
  ];
  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    }
    return counts;
  };

  /** The fields of the one error of a response, which must be a typed refusal. */
  const refusedFields = (result: GraphQLResponse<unknown>) => {
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    return error.extensions?.fields?.map((f) => f.field);
  };

  const REGISTER = `mutation($d: String!, $i: AlgorithmInput!) {
    registerAlgorithm(departmentSlug: $d, input: $i) { id slug title summary description keywords }
  }`;
  const register = (input: Record<string, unknown>, department = 'department-a') =>
    api.graphql(tokens.editorA).request<any>(REGISTER, { d: department, i: input });

  describe('the inputs named in the issue', () => {
    const NUL = 'a\u0000b';
    const LONE = 'x\ud800';

    it.each([
      [
        'entry(slug:), anonymous',
        undefined,
        `query($v: String!) { entry(slug: $v) { id } }`,
        NUL,
        ['slug'],
      ],
      [
        'department(slug:), anonymous',
        undefined,
        `query($v: String!) { department(slug: $v) { id } }`,
        NUL,
        ['slug'],
      ],
      [
        'registerAlgorithm(departmentSlug:), anonymous',
        undefined,
        `mutation($v: String!) { registerAlgorithm(departmentSlug: $v, input: { title: "T" }) { id } }`,
        NUL,
        ['departmentSlug'],
      ],
      [
        'registerAlgorithm(departmentSlug:), an editor',
        'editorA',
        `mutation($v: String!) { registerAlgorithm(departmentSlug: $v, input: { title: "T" }) { id } }`,
        NUL,
        ['departmentSlug'],
      ],
      [
        'a title with NUL',
        'editorA',
        `mutation($v: String!) { registerAlgorithm(departmentSlug: "department-a", input: { title: $v }) { id } }`,
        NUL,
        ['input.title'],
      ],
      [
        'a title with a lone surrogate',
        'editorA',
        `mutation($v: String!) { registerAlgorithm(departmentSlug: "department-a", input: { title: $v }) { id } }`,
        LONE,
        ['input.title'],
      ],
      [
        'a token label',
        'admin',
        `mutation($v: String!) { createApiToken(input: { label: $v, role: AUDITOR }) { token } }`,
        NUL,
        ['input.label'],
      ],
      [
        'the auditLog actorLabel filter',
        'auditor',
        `query($v: String!) { auditLog(filter: { actorLabel: $v }) { nodes { id } } }`,
        NUL,
        ['filter.actorLabel'],
      ],
      [
        'an entries cursor',
        'auditor',
        `query($v: String!) { entries(orderBy: TITLE_ASC, after: $v) { nodes { id } } }`,
        NUL,
        ['after'],
      ],
      [
        'search(query:) with a lone surrogate',
        undefined,
        `query($v: String!) { search(query: $v) { estimatedTotalHits } }`,
        LONE,
        ['query'],
      ],
      [
        'a keyword, deep in a list',
        'editorA',
        `mutation($v: String!) { registerAlgorithm(departmentSlug: "department-a", input: { title: "T", keywords: ["ok", $v] }) { id } }`,
        '\u001b[2J',
        ['input.keywords.1'],
      ],
      [
        'a GeoJSON bbox (JSON values are checked too)',
        'editorA',
        `mutation($v: String!) { registerAlgorithm(departmentSlug: "department-a", input: { title: "T", geographicArea: { geoJson: { type: "Polygon", bbox: [$v], coordinates: [[[18, 59], [18.1, 59], [18.1, 59.1], [18, 59]]] } } }) { id } }`,
        NUL,
        ['input.geographicArea.geoJson.bbox.0'],
      ],
    ] as const)('%s', async (_, who, query, value, fields) => {
      const before = await rowCounts();
      const result = await api.graphql(who && tokens[who]).request(query, { v: value });
      expect(refusedFields(result)).toEqual(fields);
      expect(result.errors![0].extensions?.fields![0].message).toMatch(
        /must not contain control characters other than tab and newline \(U\+|must be valid Unicode text \(an unpaired surrogate U\+D800/,
      );
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses a bidirectional control character (Trojan Source), naming the field and the character', async () => {
      // "Anna <RLO>nossraK" displays as "Anna Karsson": what a reader sees is not what is stored.
      for (const [value, char] of [
        ['Anna \u202enossraK', 'U+202E'],
        ['Budget \u2066 2026 \u2069', 'U+2066'],
      ]) {
        const before = await rowCounts();
        const result = await register({ title: 'Namn', keywords: ['ok', value] });
        expect(refusedFields(result)).toEqual(['input.keywords.1']);
        expect(result.errors![0].extensions?.fields![0].message).toMatch(
          new RegExp(
            `^keywords must not contain the bidirectional control character ${char.replace('+', '\\+')} at position \\d+`,
          ),
        );
        expect(await rowCounts()).toEqual(before);
      }
    });

    it('accepts right-to-left text with its marks (LRM, RLM, ALM) and stores it exactly', async () => {
      const title = 'שלום \u200fעולם\u200e 2026 \u061cمرحبا';
      const created = await register({ title });
      expect(created.errors).toBeUndefined();
      expect(created.data.registerAlgorithm.title).toBe(title);
    });

    it('refuses NUL in a literal as in a variable', async () => {
      const result = await api.graphql().request(`{ entry(slug: "a\\u0000b") { id } }`);
      expect(refusedFields(result)).toEqual(['slug']);
    });

    it('refuses a TITLE_ASC cursor whose title key holds NUL or a lone surrogate', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      for (const key of [NUL, LONE, 'a\r']) {
        const after = Buffer.from(JSON.stringify(['TITLE_ASC', key, id])).toString('base64url');
        const result = await api
          .graphql(tokens.auditor)
          .request(
            `query($a: String) { entries(orderBy: TITLE_ASC, after: $a) { nodes { id } } }`,
            {
              a: after,
            },
          );
        expect(refusedFields(result)).toEqual(['after']);
      }
    });

    it('refuses an audit cursor past the largest bigint, and accepts the largest', async () => {
      const cursor = (id: string) => Buffer.from(`audit:${id}`).toString('base64url');
      const page = (after: string) =>
        api
          .graphql(tokens.auditor)
          .request<any>(`query($a: String) { auditLog(after: $a) { nodes { id } } }`, {
            a: after,
          });
      for (const id of ['9999999999999999999', '9223372036854775808']) {
        expect(refusedFields(await page(cursor(id)))).toEqual(['after']);
      }
      const largest = await page(cursor('9223372036854775807'));
      expect(largest.errors).toBeUndefined();
      expect(largest.data.auditLog.nodes.length).toBeGreaterThan(0);
    });
  });

  describe('optional texts', () => {
    it.each([
      ['empty', ''],
      ['white space', '   \t '],
      ['a byte order mark', '\ufeff'],
      ['a zero-width space', '\u200b'],
    ])(
      'given %s, are refused naming the field, not stored as an empty text',
      async (_what, text) => {
        const entries = async () =>
          Number((await api.app.get(DataSource).query(`SELECT count(*) AS n FROM entry`))[0].n);
        const before = await entries();
        const result = await register({ title: 'Tomma fält', purpose: text });
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0].extensions?.fields?.map((f: any) => f.field)).toEqual([
          'input.purpose',
        ]);
        expect(result.errors?.[0].extensions?.fields?.[0].message).toMatch(
          /^purpose (is empty|holds only characters that do not show): leave it out, or send null to clear it$/,
        );
        expect(await entries()).toBe(before);
      },
    );

    it('are cleared with null', async () => {
      const result = await register({ title: 'Nollställt', purpose: null });
      expect(result.errors).toBeUndefined();
    });
  });

  describe('titles', () => {
    it.each([
      ['only spaces', '     '],
      ['only a tab and a newline', '\t\n'],
      ['only punctuation', ' -- !? '],
      ['empty', ''],
    ])('refuses a title of %s on register, writing nothing', async (_, title) => {
      const before = await rowCounts();
      expect(refusedFields(await register({ title }))).toEqual(['input.title']);
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses a title of more than one line, its translations’ too, on register and update', async () => {
      const before = await rowCounts();
      const twoLines = 'Parkering\nvägledning';
      const result = await register({ title: twoLines });
      expect(result.errors?.[0].extensions?.fields).toEqual([
        { field: 'input.title', message: 'title must be one line' },
      ]);
      expect(
        refusedFields(
          await register({
            title: 'Parkering',
            translations: [{ language: 'en', title: twoLines }],
          }),
        ),
      ).toEqual(['input.translations.0.title']);
      expect(await rowCounts()).toEqual(before);
      const id = (await register({ title: 'Parkering' })).data.registerAlgorithm.id;
      const update = await api
        .graphql(tokens.editorA)
        .request(
          `mutation($id: ID!, $i: AlgorithmInput!) { updateAlgorithm(id: $id, input: $i) { title } }`,
          { id, i: { title: twoLines } },
        );
      expect(refusedFields(update)).toEqual(['input.title']);
      // Unicode's line and paragraph separators break a line as a newline does.
      const beforeSeparators = await rowCounts();
      for (const separator of ['\u2028', '\u2029']) {
        expect(
          (await register({ title: `Parkering${separator}vägledning` })).errors?.[0].extensions
            ?.fields,
        ).toEqual([{ field: 'input.title', message: 'title must be one line' }]);
      }
      expect(await rowCounts()).toEqual(beforeSeparators);
    });

    it('refuses a blank title on update too, leaving the entry as it was', async () => {
      const created = await register({ title: 'Parkeringsvägledning' });
      const id = created.data.registerAlgorithm.id;
      const before = await rowCounts();
      const result = await api
        .graphql(tokens.editorA)
        .request(
          `mutation($id: ID!, $i: AlgorithmInput!) { updateAlgorithm(id: $id, input: $i) { title } }`,
          { id, i: { title: '   ' } },
        );
      expect(refusedFields(result)).toEqual(['input.title']);
      expect(await rowCounts()).toEqual(before);
      const read = await api
        .graphql(tokens.editorA)
        .data<any>(`query($id: ID!) { entry(id: $id) { title } }`, { id });
      expect(read.entry.title).toBe('Parkeringsvägledning');
    });

    it('trims titles and free text at both ends and stores them exactly as accepted', async () => {
      const input = {
        title: '  Vägledning för cyklister 2 \n',
        summary: '\n Kort sammanfattning.\n\n',
        description: '\tFörsta raden\n\tandra raden med tab\t\n',
        keywords: [' cykel ', 'väg'],
      };
      const created = await register(input);
      expect(created.errors).toBeUndefined();
      const stored = {
        title: 'Vägledning för cyklister 2',
        summary: 'Kort sammanfattning.',
        description: 'Första raden\n\tandra raden med tab',
        keywords: ['cykel', 'väg'],
      };
      expect(created.data.registerAlgorithm).toMatchObject({
        ...stored,
        slug: 'vagledning-for-cyklister-2',
      });
      const read = await api
        .graphql(tokens.editorA)
        .data<any>(`query($id: ID!) { entry(id: $id) { title summary description keywords } }`, {
          id: created.data.registerAlgorithm.id,
        });
      expect(read.entry).toEqual(stored);
    });

    it('finds a slug and a department sent with spaces around them', async () => {
      const created = await register({ title: 'Trimmad slug' });
      const read = await api
        .graphql(tokens.editorA)
        .data<any>(
          `query($s: String!, $d: String!) { entry(slug: $s) { id } department(slug: $d) { slug } }`,
          { s: ` ${created.data.registerAlgorithm.slug}\n`, d: ' department-a ' },
        );
      expect(read).toEqual({
        entry: { id: created.data.registerAlgorithm.id },
        department: { slug: 'department-a' },
      });
    });
  });

  describe('every string argument and input field of the schema', () => {
    /**
     * Sends `value` at each slot, one request per slot (most root fields are non-null, so one
     * refusal nulls the whole answer and stops a batch of mutations), four requests at a time.
     */
    const refusals = async (chosen: StringSlot[], value: string) => {
      const schema = api.app.get(GraphQLSchemaHost).schema;
      const problems: string[] = [];
      const send = async (slot: StringSlot) => {
        const { query, variables } = operationFor(schema, slot, value);
        const result = await api.graphql(tokens.admin).request(query, variables);
        const errors = result.errors ?? [];
        const got = errors.map((e) =>
          [e.path?.join('.'), e.extensions?.code, e.extensions?.fields?.map((f) => f.field)].join(
            ' ',
          ),
        );
        if (got.join('|') !== `s0 BAD_USER_INPUT ${slot.path.join('.')}`)
          problems.push(`${slot.field}(${slot.path.join('.')}): ${JSON.stringify(got)}`);
      };
      const queue = [...chosen];
      await Promise.all(
        [1, 2, 3, 4].map(async () => {
          for (let slot = queue.shift(); slot; slot = queue.shift()) await send(slot);
        }),
      );
      return problems;
    };

    it('finds the arguments the issue names among the slots', () => {
      const names = slots.map((s) => `${s.field}(${s.path.join('.')})`);
      expect(names).toEqual(
        expect.arrayContaining([
          'entry(slug)',
          'department(slug)',
          'registerAlgorithm(departmentSlug)',
          'registerAlgorithm(input.title)',
          'registerIotDeployment(input.iotDeployment.locations.0.description)',
          'createApiToken(input.label)',
          'auditLog(filter.actorLabel)',
          'auditLog(after)',
          'entries(after)',
          'search(query)',
          'publishEntry(changeNote)',
        ]),
      );
      expect(slots.length).toBeGreaterThan(150);
    });

    it.each([
      ['NUL', '\u0000'],
      ['a lone surrogate', 'x\ud83d'],
      ['a right-to-left override', 'x\u202e'],
    ])('refuses %s in every one of them, writing nothing', async (_, value) => {
      const before = await rowCounts();
      expect(await refusals(slots, value)).toEqual([]);
      expect(await rowCounts()).toEqual(before);
    });

    it('property: a string with a control character, a bidi control, a noncharacter or a lone surrogate is refused wherever it is sent', async () => {
      const refused = fc.oneof(
        fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a),
        fc.integer({ min: 0x7f, max: 0x9f }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.integer({ min: 0x202a, max: 0x202e }),
        fc.integer({ min: 0x2066, max: 0x2069 }),
        fc.integer({ min: 0xfdd0, max: 0xfdef }),
        fc.constantFrom(0xfffe, 0xffff),
      );
      const badText = fc
        .tuple(fc.string({ unit: 'binary', maxLength: 20 }), refused, fc.string({ maxLength: 20 }))
        // A lone surrogate must stay lone: no surrogate half around it.
        .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`)
        // Refused as the server reads it: CR LF is a line break there, so no refusal if it was the
        // only "control character".
        .filter((text) => 'problem' in acceptText(text));
      const before = await rowCounts();
      await fc.assert(
        fc.asyncProperty(
          badText,
          fc.shuffledSubarray(slots, { minLength: 1, maxLength: 6 }),
          async (text, chosen) => {
            expect(await refusals(chosen, text)).toEqual([]);
          },
        ),
        { numRuns: 40 },
      );
      expect(await rowCounts()).toEqual(before);
    });

    it('property: any other string is accepted, trimmed, and read back exactly; blank where optional, refused', async () => {
      // Blank, or showing something: a text of only white space or invisible characters (a
      // zero-width space, a byte order mark, a tag character U+E0000…) is refused where it is
      // optional (leave it out, or send null), not stored as an empty text.
      const text = fc
        // Up to the limit: without a size fast-check stops at 10 characters.
        .string({ unit: 'binary', maxLength: LIMITS.keyword, size: 'max' })
        .filter((s) => isAcceptableText(s) && (s.trim() === '' || hasVisibleText(s)));
      const reader = api.graphql(tokens.auditor);
      await fc.assert(
        fc.asyncProperty(text, async (s) => {
          const stored = s.trim();
          // A title is one line.
          const title = `T ${s}`.replace(/[\n\u2028\u2029]/g, ' ');
          const created = await register({
            title,
            summary: s,
            description: s,
            keywords: stored ? [s] : [],
          });
          if (!stored) {
            expect(
              created.errors?.[0].extensions?.fields?.map((f: any) => [f.field, f.message]),
            ).toEqual([
              ['input.summary', 'summary is empty: leave it out, or send null to clear it'],
              ['input.description', 'description is empty: leave it out, or send null to clear it'],
            ]);
          } else {
            expect(created.errors).toBeUndefined();
            const expected = {
              title: title.trim(),
              summary: stored,
              description: stored,
              keywords: [stored],
            };
            expect(created.data.registerAlgorithm).toMatchObject(expected);
            const read = await reader.data<any>(
              `query($id: ID!) { entry(id: $id) { title summary description keywords } }`,
              { id: created.data.registerAlgorithm.id },
            );
            expect(read.entry).toEqual(expected);
          }
          // The same string is a harmless lookup everywhere else; blank, it selects nothing, and
          // a selector says so rather than read it as left out (a search takes it as no words).
          const lookups = await reader.request<any>(
            `query($s: String!) { entry(slug: $s) { id } department(slug: $s) { id } auditLog(filter: { actorLabel: $s }) { nodes { id } } search(query: $s) { estimatedTotalHits } }`,
            { s },
          );
          if (stored) expect(lookups.errors).toBeUndefined();
          else
            expect(
              lookups.errors?.map((e: any) => [
                e.path[0],
                e.extensions.code,
                e.extensions.fields[0].field,
              ]),
            ).toEqual([
              ['entry', 'BAD_USER_INPUT', 'slug'],
              ['department', 'BAD_USER_INPUT', 'slug'],
              ['auditLog', 'BAD_USER_INPUT', 'filter.actorLabel'],
            ]);
        }),
        { numRuns: 40 },
      );
    });
  });
});
