import { DataSource } from 'typeorm';
import { createTestTokens, GraphQLResponse, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput, fullIotInput } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * What an editor's careless or hostile input may not do to an entry (a probe's findings): text
 * that shows nothing counts as empty wherever a text is required, a list's items are named when
 * refused, a bounding box is a bounding box, and every refusal writes nothing.
 */
describe('entry input rules', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entry-input-rules');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const INVISIBLE = '\u200b\u200d\u00ad';

  const REGISTER = `mutation($d: String!, $i: AlgorithmInput!) {
    registerAlgorithm(departmentSlug: $d, input: $i) { id version completeness { ready missing } }
  }`;
  const register = (input: Record<string, unknown>, department = 'department-a') =>
    api.graphql(tokens.editorA).request<any>(REGISTER, { d: department, i: input });
  const UPDATE = `mutation($id: ID!, $i: AlgorithmInput!) {
    updateAlgorithm(id: $id, input: $i) { id version keywords completeness { ready missing } }
  }`;

  const auditEvents = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM audit_event`))[0].n);
  const entries = async () => Number((await db.query(`SELECT count(*) AS n FROM entry`))[0].n);

  /** The one error of a response: BAD_USER_INPUT, its fields and messages. */
  const refusal = (result: GraphQLResponse<unknown>) => {
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    return (result.errors![0].extensions?.fields ?? []) as { field: string; message: string }[];
  };

  /** Refused naming `field` with a message matching `message`, and nothing written. */
  const expectRefused = async (
    send: () => Promise<GraphQLResponse<unknown>>,
    field: string,
    message: RegExp,
  ) => {
    const [events, count] = [await auditEvents(), await entries()];
    const fields = refusal(await send());
    expect(fields).toEqual(
      expect.arrayContaining([{ field, message: expect.stringMatching(message) }]),
    );
    expect([await auditEvents(), await entries()]).toEqual([events, count]);
  };

  describe('text that shows nothing is empty', () => {
    it.each([
      ['a legal basis’s title', { legalBasis: [{ title: INVISIBLE }] }, 'input.legalBasis.0.title'],
      [
        'a principle’s rationale',
        { principles: [{ code: 'PRIVACY_AND_SECURITY', rationale: '\u200b' }] },
        'input.principles.0.rationale',
      ],
    ])('refuses %s of only invisible characters on registration', async (_, patch, field) => {
      await expectRefused(
        () => register({ ...fullAlgorithmInput('Osynlig text'), ...patch }),
        field,
        /must not be empty \(it holds only characters that do not show\)/,
      );
    });

    it('refuses an optional text of only invisible characters: it would be a blank', async () => {
      await expectRefused(
        () => register({ ...fullAlgorithmInput('Osynligt ansvar'), responsibleTeam: INVISIBLE }),
        'input.responsibleTeam',
        /^responsibleTeam holds only characters that do not show: leave it out, or send null to clear it$/,
      );
    });

    it('refuses a keyword of only invisible characters, naming the item', async () => {
      await expectRefused(
        () =>
          register({
            ...fullAlgorithmInput('Osynligt nyckelord'),
            keywords: ['ok', 'två', '\u200b'],
          }),
        'input.keywords.2',
        /^keywords\.2 must not be empty \(it holds only characters that do not show\)$/,
      );
    });

    it('refuses a change note, a return’s or a retirement’s reason of only invisible characters', async () => {
      const id = (await register(fullAlgorithmInput('Osynlig notering'))).data.registerAlgorithm.id;
      await api
        .graphql(tokens.editorA)
        .data(`mutation { submitEntryForReview(id: "${id}") { id } }`);
      for (const [mutation, field] of [
        [`publishEntry(id: "${id}", changeNote: $t)`, 'changeNote'],
        [`returnEntryToDraft(id: "${id}", reason: $t)`, 'reason'],
      ])
        await expectRefused(
          () =>
            api
              .graphql(tokens.reviewer)
              .request(`mutation($t: String!) { ${mutation} { id status } }`, { t: INVISIBLE }),
          field,
          /must not be empty \(it holds only characters that do not show\)/,
        );
      const published = await api
        .graphql(tokens.reviewer)
        .data<any>(`mutation { publishEntry(id: "${id}", changeNote: "Första") { status } }`);
      expect(published.publishEntry.status).toBe('PUBLISHED');
      await expectRefused(
        () =>
          api
            .graphql(tokens.editorA)
            .request(`mutation($t: String!) { retireEntry(id: "${id}", reason: $t) { id } }`, {
              t: '\u200d',
            }),
        'reason',
        /must not be empty/,
      );
    });
  });

  describe('lists of texts', () => {
    it.each([
      [
        { keywords: ['trafik', 'Trafik '] },
        'input.keywords.1',
        /^keywords\.1 is item 0 again \("Trafik"\): name each once$/,
      ],
      [
        { specialCategories: ['hälsa', ''] },
        'input.specialCategories.1',
        /^specialCategories\.1 must not be empty$/,
      ],
      [
        { geographicArea: { cityWide: false, districts: ['Södermalm', 'södermalm'] } },
        'input.geographicArea.districts.1',
        /is item 0 again/,
      ],
      [
        { keywords: ['ok', 'x'.repeat(61)] },
        'input.keywords.1',
        /^keywords\.1 must be at most 60 characters$/,
      ],
    ])('refuses %j, naming the item', async (patch, field, message) => {
      await expectRefused(
        () => register({ ...fullAlgorithmInput('Listor'), ...patch }),
        field,
        message,
      );
    });

    it('refuses a list over its size by its size alone, however many items it holds', async () => {
      // 100,000 different keywords (about 1 MB): the items are not compared with each other.
      const keywords = Array.from({ length: 100_000 }, (_, i) => `k${i}`);
      const [events, count] = [await auditEvents(), await entries()];
      const fields = refusal(await register({ ...fullAlgorithmInput('Många'), keywords }));
      expect(fields).toEqual([{ field: 'input.keywords', message: expect.stringMatching(/30/) }]);
      expect([await auditEvents(), await entries()]).toEqual([events, count]);
    });

    it('refuses a duplicate on update too, leaving the draft as it was', async () => {
      const created = (await register(fullAlgorithmInput('Listor vid ändring'))).data
        .registerAlgorithm;
      await expectRefused(
        () =>
          api
            .graphql(tokens.editorA)
            .request(UPDATE, { id: created.id, i: { keywords: ['a', 'b', 'A'] } }),
        'input.keywords.2',
        /is item 0 again/,
      );
      const after = await api
        .graphql(tokens.editorA)
        .data<any>(`{ entry(id: "${created.id}") { version keywords } }`);
      expect(after.entry).toEqual({
        version: created.version,
        keywords: ['AI', 'försörjningsstöd', 'risk'],
      });
    });
  });

  describe('lists of objects', () => {
    it.each([
      [
        'a law twice (case and spacing aside)',
        {
          legalBasis: [
            { title: 'Socialtjänstlagen (2001:453)' },
            { title: 'Förvaltningslagen' },
            { title: 'socialtjänstlagen  (2001:453)', link: 'https://example.org/sol' },
          ],
        },
        'input.legalBasis.2.title',
        /^legalBasis\.2\.title is item 0 again \(title "socialtjänstlagen {2}\(2001:453\)"\): name each once$/,
      ],
      [
        'a supplier twice in one role',
        {
          suppliers: [
            { name: 'Leverantören AB', role: 'Utveckling' },
            { name: 'Leverantören AB', role: 'Drift' },
            { name: 'leverantören ab', role: 'drift' },
          ],
        },
        'input.suppliers.2.name',
        /^suppliers\.2\.name is item 1 again \(name "leverantören ab", role "drift"\)/,
      ],
      [
        'a protected characteristic twice',
        {
          nonDiscrimination: {
            ...fullAlgorithmInput('x').nonDiscrimination,
            protectedCharacteristics: [
              { characteristic: 'Ålder', justification: 'a' },
              { characteristic: 'ålder', justification: 'b' },
            ],
          },
        },
        'input.nonDiscrimination.protectedCharacteristics.1.characteristic',
        /is item 0 again/,
      ],
      [
        'a principle twice',
        {
          principles: [
            { code: 'PRIVACY_AND_SECURITY', rationale: 'a' },
            { code: 'TRANSPARENCY_AND_NON_DISCRIMINATION', rationale: 'b' },
            { code: 'PRIVACY_AND_SECURITY', rationale: 'c' },
          ],
        },
        'input.principles.2.code',
        /^principles\.2\.code is item 0 again \(code "PRIVACY_AND_SECURITY"\): name each once$/,
      ],
      [
        'a translation twice in one language',
        {
          translations: [
            { language: 'en', title: 'One' },
            { language: 'en', title: 'Two' },
          ],
        },
        'input.translations.1.language',
        /^translations\.1\.language is item 0 again \(language "en"\): name each once$/,
      ],
    ])('refuses %s, naming the item', async (_, patch, field, message) => {
      const [events, count] = [await auditEvents(), await entries()];
      await expectRefused(
        () => register({ ...fullAlgorithmInput('Objektlistor'), ...patch }),
        field,
        message,
      );
      expect([await auditEvents(), await entries()]).toEqual([events, count]);
    });

    it.each([
      [
        'an impact assessment twice',
        {
          impactAssessments: [
            { type: 'DPIA', date: '2024-01-10', summary: 'Bedömd.' },
            { type: 'DPIA', date: '2024-01-10', summary: 'bedömd.' },
          ],
        },
        'input.impactAssessments.1.type',
      ],
      [
        'a model twice',
        {
          algorithm: {
            ...fullAlgorithmInput('x').algorithm,
            models: [
              { name: 'Skogen', version: '2' },
              { name: 'skogen', version: '2' },
            ],
          },
        },
        'input.algorithm.models.1.name',
      ],
      [
        'a law twice with a zero-width space in one',
        { legalBasis: [{ title: 'Lag\u200bX' }, { title: 'lagx' }] },
        'input.legalBasis.1.title',
      ],
    ])('refuses %s too', async (_, patch, field) => {
      await expectRefused(
        () => register({ ...fullAlgorithmInput('Fler objektlistor'), ...patch }),
        field,
        /is item 0 again/,
      );
    });

    it('names only the fields an item gives', async () => {
      await expectRefused(
        () =>
          register({
            ...fullAlgorithmInput('Utan roll'),
            suppliers: [{ name: 'Acme AB' }, { name: 'acme  ab' }],
          }),
        'input.suppliers.1.name',
        /^suppliers\.1\.name is item 0 again \(name "acme {2}ab"\): name each once$/,
      );
    });

    it('takes two sensor locations of one description at two points, not at one', async () => {
      const input = fullIotInput('Lyktstolpar') as Record<string, any>;
      const withLocations = (locations: unknown[]) =>
        api
          .graphql(tokens.editorA)
          .request(
            `mutation($i: IotDeploymentInput!) { registerIotDeployment(departmentSlug: "department-a", input: $i) { id } }`,
            { i: { ...input, iotDeployment: { ...input.iotDeployment, locations } } },
          );
      const post = (lat: number, lon: number) => ({
        description: 'Lyktstolpe',
        point: { lat, lon },
      });
      expect(
        (await withLocations([post(59.31, 18.07), post(59.32, 18.07)])).errors,
      ).toBeUndefined();
      const fields = refusal(
        await withLocations([
          post(59.31, 18.07),
          { description: 'lyktstolpe', point: { lon: 18.07, lat: 59.31 } },
        ]),
      );
      expect(fields.map((f) => f.field)).toEqual(['input.iotDeployment.locations.1.description']);
    });

    it('takes the same supplier in two roles', async () => {
      const created = await register({
        ...fullAlgorithmInput('Två roller'),
        suppliers: [
          { name: 'Leverantören AB', role: 'Utveckling' },
          { name: 'Leverantören AB', role: 'Drift' },
        ],
      });
      expect(created.errors).toBeUndefined();
    });
  });

  describe('a GeoJSON area’s bbox', () => {
    const square = [
      [18.06, 59.31],
      [18.09, 59.31],
      [18.09, 59.33],
      [18.06, 59.31],
    ];
    const withBox = (bbox: unknown) => ({
      ...fullAlgorithmInput('Område med ruta'),
      geographicArea: {
        cityWide: false,
        geoJson: { type: 'Polygon', coordinates: [square], bbox },
      },
    });

    it.each([
      ['a text', 'not a bbox <b>x</b>'],
      ['a list of other things', [{ evil: true }, 'x', null]],
      ['100,000 characters', 'x'.repeat(100_000)],
      ['south above north', [18, 59.33, 18.09, 59.31]],
    ])('refuses %s', async (_, bbox) => {
      await expectRefused(
        () => register(withBox(bbox)),
        'input.geographicArea.geoJson',
        /bbox, if any, of 4 or 6 numbers/,
      );
    });

    it('keeps a bounding box that is one', async () => {
      const result = await register(withBox([18.06, 59.31, 18.09, 59.33]));
      expect(result.errors).toBeUndefined();
    });

    it('holds an IoT location’s area to the same rule', async () => {
      const input = fullIotInput('Sensorer med ruta') as Record<string, any>;
      const location = input.iotDeployment.locations[0];
      const area = {
        type: 'Polygon',
        coordinates: [square],
        bbox: 'javascript:alert(1)',
      };
      const [events, count] = [await auditEvents(), await entries()];
      const fields = refusal(
        await api
          .graphql(tokens.editorA)
          .request(
            `mutation($i: IotDeploymentInput!) { registerIotDeployment(departmentSlug: "department-a", input: $i) { id } }`,
            {
              i: {
                ...input,
                iotDeployment: { ...input.iotDeployment, locations: [{ ...location, area }] },
              },
            },
          ),
      );
      expect(fields.map((f) => f.field)).toEqual(['input.iotDeployment.locations.0.area']);
      expect([await auditEvents(), await entries()]).toEqual([events, count]);
    });
  });

  describe('areas that bound no simple polygon, and small coordinates', () => {
    const registerIot = (location: Record<string, unknown>) => {
      const input = fullIotInput('Sensorer på torget') as Record<string, any>;
      return api
        .graphql(tokens.editorA)
        .request<any>(
          `mutation($i: IotDeploymentInput!) { registerIotDeployment(departmentSlug: "department-a", input: $i) { id iotDeployment { locations { point { lat lon } } } } }`,
          {
            i: {
              ...input,
              iotDeployment: {
                ...input.iotDeployment,
                locations: [{ description: 'Torget', ...location }],
              },
            },
          },
        );
    };
    const ring = (...positions: number[][]) => [...positions, positions[0]];

    it.each([
      [
        'a ring that crosses itself',
        [ring([0, 0], [2, 2], [2, 0], [0, 1])],
        /cross or touch itself/,
      ],
      [
        'a hole outside its outer ring',
        [ring([0, 0], [1, 0], [1, 1], [0, 1]), ring([5, 5], [5, 6], [6, 6], [6, 5])],
        /holes inside its outer ring: ring coordinates\.1 lies outside/,
      ],
      [
        'a ring over 180° of longitude',
        [ring([179, 10], [-179, 10], [-179, 11], [179, 11])],
        /more than 180° of longitude .*antimeridian/,
      ],
      [
        'a MultiPolygon of two polygons that overlap',
        [[ring([0, 0], [2, 0], [2, 2], [0, 2])], [ring([1, 1], [3, 1], [3, 3], [1, 3])]],
        /must have polygons whose interiors do not overlap: coordinates\.0 and coordinates\.1 overlap/,
      ],
    ])('refuses %s, naming the location’s area', async (_, coordinates, message) => {
      // Polygons of polygons' rings are a MultiPolygon.
      const type = Array.isArray(coordinates[0][0][0]) ? 'MultiPolygon' : 'Polygon';
      await expectRefused(
        () => registerIot({ area: { type, coordinates } }),
        'input.iotDeployment.locations.0.area',
        message,
      );
      await expectRefused(
        () =>
          register({
            ...fullAlgorithmInput('Område i kors'),
            geographicArea: { cityWide: false, geoJson: { type, coordinates } },
          }),
        'input.geographicArea.geoJson',
        message,
      );
    });

    it('takes a hole touching its outer ring at one point, and polygons touching at a corner', async () => {
      const outer = ring([0, 0], [10, 0], [10, 10], [0, 10]);
      const touching = ring([0, 5], [2, 3], [4, 5], [2, 7]);
      const holed = await registerIot({
        area: { type: 'Polygon', coordinates: [outer, touching] },
      });
      expect(holed.errors).toBeUndefined();
      const corners = await registerIot({
        area: {
          type: 'MultiPolygon',
          coordinates: [
            [ring([0, 0], [1, 0], [1, 1], [0, 1])],
            [ring([1, 1], [2, 1], [2, 2], [1, 2])],
          ],
        },
      });
      expect(corners.errors).toBeUndefined();
    });

    it('takes a point a centimetre off the equator and the prime meridian', async () => {
      const result = await registerIot({ point: { lat: 1e-7, lon: -5e-324 } });
      expect(result.errors).toBeUndefined();
      expect(result.data.registerIotDeployment.iotDeployment.locations[0].point).toEqual({
        lat: 1e-7,
        lon: -5e-324,
      });
    });
  });

  describe('other refusals in plain words', () => {
    it('refuses a department slug over 60 characters without echoing it', async () => {
      const slug = 'å'.repeat(100_000);
      const [events, count] = [await auditEvents(), await entries()];
      const result = await register(fullAlgorithmInput('Lång avdelning'), slug);
      expect(refusal(result)).toEqual([
        { field: 'departmentSlug', message: 'departmentSlug must be at most 60 characters' },
      ]);
      expect(JSON.stringify(result).length).toBeLessThan(2_000);
      expect([await auditEvents(), await entries()]).toEqual([events, count]);
    });

    it('says what a whole number must be, for a variable and for a literal', async () => {
      const input = fullIotInput('Stora tal') as Record<string, any>;
      const tooLarge = await api
        .graphql(tokens.editorA)
        .request(
          `mutation($i: IotDeploymentInput!) { registerIotDeployment(departmentSlug: "department-a", input: $i) { id } }`,
          {
            i: { ...input, iotDeployment: { ...input.iotDeployment, deviceCount: 3_000_000_000 } },
          },
        );
      expect(refusal(tooLarge)).toEqual([
        {
          field: 'input.iotDeployment.deviceCount',
          message: expect.stringMatching(
            /^deviceCount must be a whole number from -2,147,483,648 to 2,147,483,647, not 3000000000/,
          ),
        },
      ]);
      const literal = await api.graphql().request(`{ entries(first: "5") { totalCount } }`);
      expect(refusal(literal)).toEqual([
        { field: 'first', message: 'first must be a whole number, not "5"' },
      ]);
    });

    it('names kinds with their article, and a PART_OF cycle by the entries it would join', async () => {
      const algorithm = (await register(fullAlgorithmInput('Länkad algoritm'))).data
        .registerAlgorithm.id;
      const other = (await register(fullAlgorithmInput('Annan algoritm'))).data.registerAlgorithm
        .id;
      const link = (fromId: string, toId: string, type: string) =>
        api
          .graphql(tokens.editorA)
          .request(
            `mutation { linkEntries(input: { fromId: "${fromId}", toId: "${toId}", type: ${type} }) { id } }`,
          );
      expect(refusal(await link(algorithm, other, 'USES_DATASET'))).toEqual([
        { field: 'input.type', message: 'USES_DATASET must point to a DATASET, not an ALGORITHM' },
      ]);
      expect((await link(algorithm, other, 'PART_OF')).errors).toBeUndefined();
      expect(refusal(await link(other, algorithm, 'PART_OF'))).toEqual([
        {
          field: 'input.toId',
          message:
            'the entry toId names is already part of the entry fromId names (directly or through other entries): this PART_OF link would make a cycle',
        },
      ]);
    });
  });
});
