import { DataSource } from 'typeorm';
import { createTestTokens, GraphQLResponse, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * Every date and time input has one strict scalar (issue 9): DateTime for instants, CalendarDate
 * (YYYY-MM-DD) for dates. A value that names no real instant or date is refused before anything
 * runs, as BAD_USER_INPUT naming the field, whether it came as a variable or a literal; it never
 * reaches PostgreSQL as `0NaN-…`, overflows, or rolls over (2026-02-30 read as March 2).
 */
describe('date and time inputs', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('date-inputs');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const rowCounts = async () =>
    (
      await db.query(
        `SELECT (SELECT count(*) FROM entry) AS entries, (SELECT count(*) FROM entry_version) AS versions,
                (SELECT count(*) FROM audit_event) AS events, (SELECT count(*) FROM search_outbox) AS outbox`,
      )
    )[0];

  /** The one error of a refusal before execution: HTTP 400, BAD_USER_INPUT, its fields. */
  const refused = (result: GraphQLResponse<unknown>) => {
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    return result.errors![0].extensions!.fields!;
  };

  describe('DateTime', () => {
    const BAD = [
      'yesterday',
      '',
      '2026-13-45T00:00:00Z',
      '-200000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-01-31T09:30:00',
      '2026-01-31',
      1767225600000,
    ];
    const USES = [
      ['asOf', undefined, `query($v: DateTime) { entry(slug: "x", asOf: $v) { id } }`],
      [
        'filter.updatedSince',
        undefined,
        `query($v: DateTime) { entries(filter: { updatedSince: $v }) { nodes { id } } }`,
      ],
      [
        'filter.since',
        'auditor',
        `query($v: DateTime) { auditLog(filter: { since: $v }) { nodes { id } } }`,
      ],
      [
        'filter.until',
        'auditor',
        `query($v: DateTime) { auditLog(filter: { until: $v }) { nodes { id } } }`,
      ],
    ] as const;

    it.each(USES)('%s: refuses every value that names no instant', async (field, who, query) => {
      const client = api.graphql(who && tokens[who]);
      for (const value of BAD) {
        const fields = refused(await client.request(query, { v: value }));
        expect(fields).toEqual([
          {
            field,
            message: `${field.split('.').at(-1)} must be a date and time that exist, written as in RFC 3339 with a time zone (e.g. 2026-01-31T09:30:00Z or 2026-01-31T10:30:00+01:00), with a year from 0001 to 9999`,
          },
        ]);
      }
    });

    it.each(USES)('%s: refuses a literal the same way', async (field, who, query) => {
      const client = api.graphql(who && tokens[who]);
      for (const literal of [
        '"yesterday"',
        '"2026-13-45T00:00:00Z"',
        '"-200000-01-01T00:00:00Z"',
      ]) {
        const result = await client.request(
          query.replace('query($v: DateTime) ', '').replace('$v', literal),
        );
        expect(refused(result).map((f) => f.field)).toEqual([field]);
      }
    });

    it.each(USES)('%s: accepts RFC 3339 from year 0001 to 9999', async (_, who, query) => {
      const client = api.graphql(who && tokens[who]);
      for (const value of [
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
        '2026-01-31T10:30:00+01:00',
        '2024-02-29T12:00:00.123456-05:30',
      ]) {
        const result = await client.request(query, { v: value });
        expect(result.errors).toBeUndefined();
      }
    });

    it('reads an offset as the instant it names', async () => {
      const events = async (since: string) =>
        (
          await api
            .graphql(tokens.auditor)
            .data<any>(`query($v: DateTime) { auditLog(filter: { since: $v }) { nodes { id } } }`, {
              v: since,
            })
        ).auditLog.nodes.length;
      const latest = (await db.query(`SELECT max(occurred_at) AS at FROM audit_event`))[0]
        .at as Date;
      const justAfter = new Date(latest.getTime() + 1);
      // The same instant written at UTC and at +02:00.
      const plus2 = new Date(justAfter.getTime() + 2 * 3600_000)
        .toISOString()
        .replace('Z', '+02:00');
      expect(await events(justAfter.toISOString())).toBe(0);
      expect(await events(plus2)).toBe(0);
      expect(await events(latest.toISOString())).toBeGreaterThan(0);
    });

    it('keeps a bound finer than a millisecond on the right side of every instant', async () => {
      // An entry registered and published, its times stored to the millisecond.
      const editor = api.graphql(tokens.editorA);
      const { id } = (
        await editor.data<any>(
          `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "Bounds" }) { id } }`,
        )
      ).registerAlgorithm;
      const [event] = (await db.query(
        `SELECT id, occurred_at AS at FROM audit_event WHERE entry_id = $1`,
        [id],
      )) as { id: string; at: Date }[];
      const [{ updated }] = (await db.query(
        `SELECT v.updated_at AS updated FROM entry e JOIN entry_version v ON v.id = e.current_version_id
          WHERE e.id = $1`,
        [id],
      )) as { updated: Date }[];
      /** An instant with microseconds: `t` and `micros` millionths of a second. */
      const micro = (t: Date, micros: string) => t.toISOString().replace('Z', `${micros}Z`);
      const audit = async (filter: string, v: string) =>
        (
          await api
            .graphql(tokens.auditor)
            .data<any>(
              `query($v: DateTime) { auditLog(filter: { ${filter}: $v, entryId: "${id}" }) { nodes { id } } }`,
              { v },
            )
        ).auditLog.nodes.map((n: { id: string }) => n.id);
      // From an instant just after the event (by a microsecond): not the event.
      expect(await audit('since', micro(event.at, '001'))).toEqual([]);
      expect(await audit('since', micro(event.at, '000'))).toEqual([event.id]);
      // Before an instant just after it: the event.
      expect(await audit('until', micro(event.at, '001'))).toEqual([event.id]);
      expect(await audit('until', micro(event.at, '000'))).toEqual([]);
      const listed = async (v: string) =>
        (
          await editor.data<any>(
            `query($v: DateTime) { entries(filter: { updatedSince: $v, status: [DRAFT] }) { nodes { id } } }`,
            { v },
          )
        ).entries.nodes.some((n: { id: string }) => n.id === id);
      expect(await listed(micro(updated, '999'))).toBe(false);
      expect(await listed(micro(updated, '000'))).toBe(true);
    });
  });

  describe('CalendarDate', () => {
    const REGISTER = `mutation($i: AlgorithmInput!) { registerAlgorithm(departmentSlug: "department-a", input: $i) {
      id reviewDueDate lifecycle { startDate endDate } impactAssessments { date } withheld { until }
    } }`;
    const register = (input: Record<string, unknown>) =>
      api.graphql(tokens.editorA).request<any>(REGISTER, { i: { title: 'Datum', ...input } });

    it.each([
      ['reviewDueDate', { reviewDueDate: '2026-02-30' }, 'input.reviewDueDate'],
      ['an empty date', { reviewDueDate: '' }, 'input.reviewDueDate'],
      ['a month 13', { lifecycle: { startDate: '2026-13-01' } }, 'input.lifecycle.startDate'],
      [
        'a 29 February of a common year',
        { lifecycle: { endDate: '2025-02-29' } },
        'input.lifecycle.endDate',
      ],
      [
        'a date-time',
        { impactAssessments: [{ type: 'DPIA', date: '2026-01-31T00:00:00Z' }] },
        'input.impactAssessments.0.date',
      ],
      [
        'a word',
        { withheld: [{ field: 'algorithm.sourceCode', legalGround: 'OSL', until: 'tomorrow' }] },
        'input.withheld.0.until',
      ],
      [
        'a date without leading zeros',
        { algorithm: { audits: [{ auditor: 'A', date: '2026-1-5' }] } },
        'input.algorithm.audits.0.date',
      ],
      [
        'year 0000',
        {
          nonDiscrimination: {
            biasAssessment: {
              method: 'm',
              resultSummary: 'r',
              issuesFound: false,
              date: '0000-01-01',
            },
          },
        },
        'input.nonDiscrimination.biasAssessment.date',
      ],
    ])('refuses %s, naming the field and writing nothing', async (_, input, field) => {
      const before = await rowCounts();
      expect(refused(await register(input))).toEqual([
        {
          field,
          message: `${field.split('.').at(-1)} must be a date that exists, written YYYY-MM-DD (e.g. 2026-01-31), with a year from 0001 to 9999`,
        },
      ]);
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses an impossible date in a literal too', async () => {
      const before = await rowCounts();
      const result = await api
        .graphql(tokens.editorA)
        .request(
          `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "T", lifecycle: { startDate: "2026-02-30" } }) { id } }`,
        );
      expect(refused(result)).toEqual([
        {
          field: 'input.lifecycle.startDate',
          message: expect.stringMatching(
            /^startDate must be a date that exists, written YYYY-MM-DD/,
          ),
        },
      ]);
      expect(await rowCounts()).toEqual(before);
    });

    it('stores real dates exactly as written, leap days and old years included', async () => {
      const input = {
        reviewDueDate: '2096-02-29',
        lifecycle: { startDate: '1523-06-06', endDate: '9999-12-31' },
        impactAssessments: [{ type: 'DPIA', date: '2024-02-29' }],
        withheld: [{ field: 'algorithm.sourceCode', legalGround: 'OSL', until: '2099-12-31' }],
      };
      const created = await register(input);
      expect(created.errors).toBeUndefined();
      expect(created.data.registerAlgorithm).toMatchObject({
        reviewDueDate: '2096-02-29',
        lifecycle: { startDate: '1523-06-06', endDate: '9999-12-31' },
        impactAssessments: [{ date: '2024-02-29' }],
        withheld: [{ until: '2099-12-31' }],
      });
      const [stored] = await db.query(
        `SELECT v.content FROM entry_version v JOIN entry e ON e.current_version_id = v.id WHERE e.id = $1`,
        [created.data.registerAlgorithm.id],
      );
      expect(stored.content).toMatchObject(input);
    });

    it('says YYYY-MM-DD in the schema, for every date-only input', async () => {
      const { __type } = await api
        .graphql()
        .data<any>(`{ __type(name: "CalendarDate") { kind description specifiedByURL } }`);
      expect(__type).toMatchObject({
        kind: 'SCALAR',
        description: expect.stringContaining('YYYY-MM-DD'),
      });
      const { lifecycle, dataset, iot } = await api.graphql().data<any>(`{
        lifecycle: __type(name: "LifecycleInput") { inputFields { name type { name } } }
        dataset: __type(name: "TemporalCoverageInput") { inputFields { name type { name } } }
        iot: __type(name: "IotDeploymentDetailsInput") { inputFields { name type { name } } }
      }`);
      const typeOf = (t: any, name: string) =>
        t.inputFields.find((f: any) => f.name === name).type.name;
      expect([
        typeOf(lifecycle, 'startDate'),
        typeOf(lifecycle, 'endDate'),
        typeOf(dataset, 'start'),
        typeOf(dataset, 'end'),
        typeOf(iot, 'activeFrom'),
        typeOf(iot, 'activeUntil'),
      ]).toEqual(Array(6).fill('CalendarDate'));
    });
  });
});
