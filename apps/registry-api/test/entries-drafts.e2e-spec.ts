import { DataSource } from 'typeorm';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import {
  ENTRY_CONTENT_FIELDS,
  expectedReadBack,
  fullAlgorithmInput,
  fullDatasetInput,
  fullIotInput,
} from './entry-fixtures';
import { RegistryApiHarness, Who } from './registry-api.harness';

/** Updates that don't lose data. */
describe('editing drafts (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let as: Record<Who, GraphQLClient>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-drafts');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    as = api.clients(tokens);
  });
  afterAll(async () => {
    await api.stop();
  });

  const KIND_INPUT = {
    Algorithm: fullAlgorithmInput,
    Dataset: fullDatasetInput,
    IotDeployment: fullIotInput,
  } as const;
  type Kind = keyof typeof KIND_INPUT;

  const register = async (kind: Kind, title: string, c = as.editorA): Promise<string> =>
    (
      await c.data<any>(
        `mutation($input: ${kind}Input!) { e: register${kind}(departmentSlug: "department-a", input: $input) { id } }`,
        { input: KIND_INPUT[kind](title) },
      )
    ).e.id;
  const update = (kind: Kind, id: string, input: Record<string, unknown>, c = as.editorA) =>
    c.request<any>(
      `mutation($id: ID!, $input: ${kind}Input!) { e: update${kind}(id: $id, input: $input) { ... on RegistryEntry { status version isPublishedVersion ${ENTRY_CONTENT_FIELDS} } } }`,
      { id, input },
    );
  const submit = (id: string, c = as.editorA) =>
    c.data<any>(`mutation($id: ID!) { e: submitEntryForReview(id: $id) { status } }`, { id });
  const publish = async (id: string, note = 'Published'): Promise<Date> =>
    new Date(
      (
        await as.reviewer.data<any>(
          `mutation($id: ID!, $note: String!) { e: publishEntry(id: $id, changeNote: $note) { publishedAt } }`,
          { id, note },
        )
      ).e.publishedAt,
    );
  const published = async (kind: Kind, title: string) => {
    const id = await register(kind, title);
    await submit(id);
    return { id, publishedAt: await publish(id) };
  };
  const read = async (id: string, c: GraphQLClient, fields = ENTRY_CONTENT_FIELDS) =>
    (await c.data<any>(`query($id: ID!) { entry(id: $id) { ${fields} } }`, { id })).entry;
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) =>
    r.errors?.[0]?.extensions?.code;
  const auditOf = (
    id: string,
  ): Promise<{ action: string; entry_version: number; details: any }[]> =>
    db.query(
      `SELECT action, entry_version, details, actor_label FROM audit_event WHERE entry_id = $1 ORDER BY id`,
      [id],
    );
  const counts = async (id: string) =>
    (
      await db.query(
        `SELECT (SELECT count(*)::int FROM audit_event) AS audit,
                (SELECT count(*)::int FROM search_outbox) AS outbox,
                (SELECT count(*)::int FROM entry_version WHERE entry_id = $1) AS versions`,
        [id],
      )
    )[0];

  describe('updates merge nested objects', () => {
    it('setting algorithm.riskClass keeps every other field of the algorithm, and the audit names the field', async () => {
      const id = await register('Algorithm', 'Merged algorithm');
      const full = fullAlgorithmInput('Merged algorithm');
      const result = await update('Algorithm', id, { algorithm: { riskClass: 'LOW' } });
      expect(result.errors).toBeUndefined();
      const { status, version, isPublishedVersion, ...content } = result.data.e;
      expect({ status, version, isPublishedVersion }).toEqual({
        status: 'DRAFT',
        version: 1,
        isPublishedVersion: false,
      });
      expect(content).toEqual(
        expectedReadBack({ ...full, algorithm: { ...full.algorithm, riskClass: 'LOW' } }),
      );
      expect((await auditOf(id)).at(-1)).toMatchObject({
        action: 'ENTRY_UPDATED',
        details: { fields: ['algorithm.riskClass'] },
      });
    });

    it('at every level a given field replaces, null clears and an absent field stays; lists and GeoJSON replace whole', async () => {
      const id = await register('Algorithm', 'Deeply merged algorithm');
      const full = fullAlgorithmInput('Deeply merged algorithm');
      const multiPolygon = {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [11.9, 57.7],
              [12.0, 57.7],
              [12.0, 57.8],
              [11.9, 57.7],
            ],
          ],
        ],
      };
      const models = [{ name: 'triage-gbt', version: '3.0' }];
      const result = await update('Algorithm', id, {
        contact: { phone: null },
        keywords: ['triage'],
        geographicArea: { geoJson: multiPolygon },
        accountability: { reversibilityNote: null },
        nonDiscrimination: {
          biasAssessment: {
            method: 'Equalised odds',
            resultSummary: 'No difference found.',
            issuesFound: false,
          },
          accessibility: { languages: ['sv'] },
        },
        algorithm: { impactOnPeople: { how: null, decisionsPerYear: 15000 }, models },
      });
      expect(result.errors).toBeUndefined();
      const { status: _s, version: _v, isPublishedVersion: _p, ...content } = result.data.e;
      expect(content).toEqual(
        expectedReadBack({
          ...full,
          contact: { ...full.contact, phone: null },
          keywords: ['triage'],
          geographicArea: { ...full.geographicArea, geoJson: multiPolygon },
          accountability: { ...full.accountability, reversibilityNote: null },
          nonDiscrimination: {
            ...full.nonDiscrimination,
            biasAssessment: {
              ...full.nonDiscrimination.biasAssessment,
              method: 'Equalised odds',
              resultSummary: 'No difference found.',
              issuesFound: false,
            },
            accessibility: { ...full.nonDiscrimination.accessibility, languages: ['sv'] },
          },
          algorithm: {
            ...full.algorithm,
            impactOnPeople: { affected: 'Applicants', how: null, decisionsPerYear: 15000 },
            models: [{ ...models[0], task: null, input: null, output: null, performance: null }],
          },
        }),
      );
      // Stored as plain content: a cleared field is gone, not a stored null.
      const [stored] = await db.query(
        `SELECT content FROM entry_version WHERE entry_id = $1 AND number = 1`,
        [id],
      );
      expect(stored.content.contact).toEqual({ email: full.contact.email });
      expect(stored.content.geographicArea.geoJson).toEqual(multiPolygon);
    });

    it('replaces deployment locations as a list, keeping the rest of the deployment', async () => {
      const id = await register('IotDeployment', 'Merged deployment');
      const full = fullIotInput('Merged deployment');
      const locations = [
        {
          description: 'Stortorget',
          point: null,
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [18.07, 59.32],
                [18.08, 59.32],
                [18.08, 59.33],
                [18.07, 59.32],
              ],
            ],
          },
        },
      ];
      const result = await update('IotDeployment', id, {
        iotDeployment: { locations, signage: { qrToEntry: false } },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.e.iotDeployment).toEqual({
        ...full.iotDeployment,
        locations,
        signage: { onSite: true, qrToEntry: false },
      });
    });

    it('a published entry’s next draft merges into the published content; the public keeps the published version', async () => {
      const { id } = await published('Dataset', 'Merged dataset');
      const result = await update('Dataset', id, {
        dataset: { temporalCoverage: { end: '2025-12-31' } },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.e).toMatchObject({ status: 'DRAFT', version: 2 });
      expect(result.data.e.dataset).toMatchObject({
        publisher: 'Socialförvaltningen',
        temporalCoverage: { start: '2019-01-01', end: '2025-12-31' },
        accessRights: 'RESTRICTED',
      });
      const publicView = await read(
        id,
        as.anonymous,
        'version ... on Dataset { dataset { temporalCoverage { start end } } }',
      );
      expect(publicView).toEqual({
        version: 1,
        dataset: { temporalCoverage: { start: '2019-01-01', end: '2024-12-31' } },
      });
    });

    it('refuses an end date before the stored start date, and writes nothing', async () => {
      const id = await register('Algorithm', 'Dated algorithm');
      const before = await counts(id);
      const refused = await update('Algorithm', id, { lifecycle: { endDate: '2023-12-31' } });
      expect(code(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].extensions?.fields).toEqual([
        {
          field: 'input.lifecycle.endDate',
          message: 'endDate must not be before startDate (2024-01-15)',
        },
      ]);
      expect(await counts(id)).toEqual(before);
      expect((await read(id, as.editorA, 'lifecycle { startDate endDate }')).lifecycle).toEqual({
        startDate: '2024-01-15',
        endDate: '2027-12-31',
      });
    });
  });
});
