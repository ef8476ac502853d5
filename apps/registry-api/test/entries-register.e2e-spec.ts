import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestTokens, eventually, TestTokens } from '@insyn/testing';
import {
  ENTRY_CONTENT_FIELDS,
  expectedReadBack,
  fullAlgorithmInput,
  fullDatasetInput,
  fullIotInput,
} from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

const REGISTER = {
  ALGORITHM: 'registerAlgorithm(departmentSlug: $department, input: $input)',
  DATASET: 'registerDataset(departmentSlug: $department, input: $input)',
  IOT_DEPLOYMENT: 'registerIotDeployment(departmentSlug: $department, input: $input)',
} as const;
const INPUT_TYPE = {
  ALGORITHM: 'AlgorithmInput',
  DATASET: 'DatasetInput',
  IOT_DEPLOYMENT: 'IotDeploymentInput',
} as const;

describe('departments register entries (GraphQL over HTTP, real PostgreSQL)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-register');
    tokens = await createTestTokens(api.app.get(DataSource));
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.stop();
  });

  const register = (
    kind: keyof typeof REGISTER,
    input: unknown,
    token = tokens.editorA,
    department = 'department-a',
  ) =>
    api
      .graphql(token)
      .request<any>(
        `mutation($department: String!, $input: ${INPUT_TYPE[kind]}!) { entry: ${REGISTER[kind]} { id slug kind status version department { slug } } }`,
        { department, input },
      );

  it('waits for a registration of the same title still in flight, then takes a free slug: never a 500', async () => {
    const base = 'samtidigt-registrerad-titel';
    // Another registration of the title, inserted but not yet committed, held open here.
    const holder = new Client({ connectionString: api.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO entry (slug, kind, department_id, status)
         SELECT $1, 'ALGORITHM', id, 'DRAFT' FROM department WHERE slug = 'department-a'`,
        [base],
      );
      const pending = register('ALGORITHM', { title: 'Samtidigt registrerad titel' });
      // The API's insert of the same slug waits for the held one.
      await eventually(
        () =>
          db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "entry"%'`,
          ),
        ([{ n }]) => n === 1,
      );
      await holder.query('COMMIT');
      const answer = await pending;
      expect(answer.errors).toBeUndefined();
      expect(answer.data.entry.slug).toMatch(new RegExp(`^${base}-[0-9a-f]{6}$`));
    } finally {
      await holder.end();
    }
  });

  it('registers one title from concurrent requests: one gets its slug, the others free ones, none fails', async () => {
    const title = 'Samtidig registrering av samma titel';
    const base = 'samtidig-registrering-av-samma-titel';
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        register(i % 3 === 0 ? 'DATASET' : 'ALGORITHM', { title }),
      ),
    );
    expect(answers.map((a) => a.errors)).toEqual(answers.map(() => undefined));
    const slugs = answers.map((a) => a.data.entry.slug as string);
    expect(new Set(slugs).size).toBe(12);
    expect(slugs.filter((slug) => slug === base)).toHaveLength(1);
    for (const slug of slugs) expect(slug).toMatch(new RegExp(`^${base}(-[0-9a-f]{6})?$`));
    const stored = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM entry WHERE slug LIKE $1`,
      [`${base}%`],
    );
    expect(stored).toEqual([{ n: 12 }]);
  });

  it.each([
    ['ALGORITHM', fullAlgorithmInput()],
    ['DATASET', fullDatasetInput()],
    ['IOT_DEPLOYMENT', fullIotInput()],
  ] as const)(
    'registers a %s draft with every field and reads it back identical',
    async (kind, input) => {
      const created = await register(kind, input);
      expect(created.errors).toBeUndefined();
      const entry = created.data.entry;
      expect(entry).toMatchObject({
        kind,
        status: 'DRAFT',
        version: 1,
        department: { slug: 'department-a' },
      });
      expect(entry.slug).toMatch(/^[a-z0-9-]+$/);

      const read = await api
        .graphql(tokens.editorA)
        .data<any>(`query($id: ID!) { entry(id: $id) { ${ENTRY_CONTENT_FIELDS} } }`, {
          id: entry.id,
        });
      expect(read.entry).toEqual(expectedReadBack(input));
      const bySlug = await api
        .graphql(tokens.auditor)
        .data<any>(`query($slug: String!) { entry(slug: $slug) { id } }`, { slug: entry.slug });
      expect(bySlug.entry.id).toBe(entry.id);
    },
  );

  it('accepts an incomplete draft and lists what publication still needs', async () => {
    const created = await api
      .graphql(tokens.editorA)
      .data<any>(
        `mutation { registerAlgorithm(departmentSlug: "department-a", input: { title: "Half-done draft" }) { id completeness { ready missing } } }`,
      );
    expect(created.registerAlgorithm.completeness.ready).toBe(false);
    expect(created.registerAlgorithm.completeness.missing).toEqual(
      expect.arrayContaining([
        'summary',
        'legalBasis',
        'principles',
        'accountability.humanOversight',
        'algorithm.riskClass',
      ]),
    );
    const complete = await register('ALGORITHM', fullAlgorithmInput('Complete algorithm'));
    const check = await api
      .graphql(tokens.editorA)
      .data<any>(`query($id: ID!) { entry(id: $id) { completeness { ready missing } } }`, {
        id: complete.data.entry.id,
      });
    expect(check.entry.completeness).toEqual({ ready: true, missing: [] });
  });

  it('edits a draft over several sessions: given fields replace, null clears, absent fields stay', async () => {
    const created = await register('DATASET', {
      title: 'Tree inventory',
      summary: 'Trees',
      keywords: ['träd'],
    });
    const id = created.data.entry.id;
    const client = api.graphql(tokens.editorA);
    const updated = await client.data<any>(
      `mutation($id: ID!) { updateDataset(id: $id, input: { summary: null, purpose: "Plan maintenance", dataset: { publisher: "Parks" } }) { version status title summary purpose keywords ... on Dataset { dataset { publisher } } } }`,
      { id },
    );
    expect(updated.updateDataset).toEqual({
      version: 1,
      status: 'DRAFT',
      title: 'Tree inventory',
      summary: null,
      purpose: 'Plan maintenance',
      keywords: ['träd'],
      dataset: { publisher: 'Parks' },
    });
    const wrongKind = await client.errorCodes(
      `mutation($id: ID!) { updateAlgorithm(id: $id, input: { summary: "x" }) { id } }`,
      { id },
    );
    expect(wrongKind).toEqual(['BAD_USER_INPUT']);
  });

  describe('bad input is refused with the field named, and nothing is written', () => {
    const countEntries = async () =>
      Number((await db.query('SELECT count(*) AS n FROM entry'))[0].n);
    const auditRows = async () =>
      Number((await db.query('SELECT count(*) AS n FROM audit_event'))[0].n);

    const cases: [string, Record<string, unknown>, string][] = [
      ['title too long', { title: 'x'.repeat(121) }, 'input.title'],
      ['summary too long', { title: 't', summary: 's'.repeat(401) }, 'input.summary'],
      ['contact e-mail', { title: 't', contact: { email: 'not-an-email' } }, 'input.contact.email'],
      // The public page's mailto link: held to a resident's rule (probe Q, F4).
      [
        'contact e-mail of look-alike scripts',
        { title: 't', contact: { email: 'a@\u0440\u0430\u0443\u0440\u0430l.com' } },
        'input.contact.email',
      ],
      [
        'contact e-mail with a hidden character',
        { title: 't', contact: { email: 'digital@stad\u200b.example.se' } },
        'input.contact.email',
      ],
      [
        'link URL',
        { title: 't', legalBasis: [{ title: 'law', link: 'javascript:alert(1)' }] },
        'input.legalBasis.0.link',
      ],
      ['date format', { title: 't', reviewDueDate: '2026-13-01' }, 'input.reviewDueDate'],
      [
        'end before start',
        { title: 't', lifecycle: { startDate: '2025-05-01', endDate: '2025-04-30' } },
        'input.lifecycle.endDate',
      ],
      [
        'too many keywords',
        { title: 't', keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) },
        'input.keywords',
      ],
      ['keyword too long', { title: 't', keywords: ['k'.repeat(61)] }, 'input.keywords.0'],
      [
        'translation of nothing',
        { title: 't', translations: [{ language: 'en' }] },
        'input.translations.0.language',
      ],
      [
        'duplicate principle',
        {
          title: 't',
          principles: [
            { code: 'PRIVACY_AND_SECURITY', rationale: 'a' },
            { code: 'PRIVACY_AND_SECURITY', rationale: 'b' },
          ],
        },
        'input.principles.1.code',
      ],
      [
        'empty rationale',
        { title: 't', principles: [{ code: 'PRIVACY_AND_SECURITY', rationale: '' }] },
        'input.principles.0.rationale',
      ],
      [
        'GeoJSON shape',
        { title: 't', geographicArea: { geoJson: { type: 'Point', coordinates: [18, 59] } } },
        'input.geographicArea.geoJson',
      ],
      [
        'withheld title',
        { title: 't', withheld: [{ field: 'title', legalGround: 'none' }] },
        'input.withheld.0.field',
      ],
      [
        'decisions per year',
        { title: 't', algorithm: { impactOnPeople: { decisionsPerYear: -1 } } },
        'input.algorithm.impactOnPeople.decisionsPerYear',
      ],
      ['missing title', { summary: 'no title' }, 'input.title'],
    ];
    it.each(cases)('%s', async (_name, input, field) => {
      const [entriesBefore, auditBefore] = [await countEntries(), await auditRows()];
      const result = await register('ALGORITHM', input);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.fields?.map((f: any) => f.field)).toContain(field);
      expect(JSON.stringify(result.errors)).not.toMatch(/stack|SELECT|INSERT/i);
      expect([await countEntries(), await auditRows()]).toEqual([entriesBefore, auditBefore]);
    });

    it('says each problem once, in plain words, never the validation library’s defaults', async () => {
      const result = await register('ALGORITHM', {
        title: 't',
        keywords: Array.from({ length: 31 }, (_, i) => `k${i}`),
        translations: [{ language: 'en', title: '' }],
      });
      const fields = result.errors?.[0].extensions?.fields;
      expect(fields).toHaveLength(2);
      expect(fields).toEqual(
        expect.arrayContaining([
          { field: 'input.keywords', message: 'keywords must have at most 30 items' },
          {
            field: 'input.translations.0.title',
            message: 'title must contain a letter or a digit',
          },
        ]),
      );
    });

    it('coordinates out of range', async () => {
      const result = await register('IOT_DEPLOYMENT', {
        title: 't',
        iotDeployment: { locations: [{ description: 'x', point: { lat: 91, lon: 18 } }] },
      });
      expect(result.errors?.[0].extensions?.fields?.map((f: any) => f.field)).toEqual([
        'input.iotDeployment.locations.0.point.lat',
      ]);
    });

    it('an enum value GraphQL does not know', async () => {
      const result = await register('ALGORITHM', { title: 't', theme: 'ASTROLOGY' });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/theme/);
    });

    it('an unknown department', async () => {
      const result = await register(
        'ALGORITHM',
        { title: 't' },
        tokens.admin,
        'no-such-department',
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'departmentSlug' }],
      });
    });
  });
});
