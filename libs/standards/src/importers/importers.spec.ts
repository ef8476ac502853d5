import fc from 'fast-check';
import { EntryContent, EntryKind, ImpactAssessmentType, Theme } from '@insyn/registry';
import { fullAlgorithm, SETTINGS } from '../../test-fixtures/export-entries';
import { algostdFields, toAlgostd } from '../mappers/algostd.mapper';
import { toAtrs } from '../mappers/atrs.mapper';
import { nlFields, toNl } from '../mappers/nl-algoritmeregister.mapper';
import type { TwoWayField } from '../mapping/two-way-field';
import { mkdtempSync, ReadStream, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atrsImport } from './atrs.importer';
import { contentProblems } from './content-problems';
import { contentText } from './content-text';
import { csvImport, MAX_CELL_LINKS, parseRelationsCell } from './csv.importer';
import {
  applyTwoWayFields,
  carriedPaths,
  ParsedRecord,
  sourceIdOf,
  withheldNoticeGround,
} from './import-format';
import { algostdImport } from './algostd.importer';
import { nlImport } from './nl.importer';
import { digestOf, patchOf } from './standards-import.service';

const CODES = new Set(['PRIVACY_AND_SECURITY', 'TRANSPARENCY_AND_NON_DISCRIMINATION']);

describe('import checks', () => {
  it('names every field that does not fit the catalogue, by its path', () => {
    expect(
      contentProblems(
        EntryKind.DATASET,
        {
          title: 'x'.repeat(121),
          contact: { email: 'nope' },
          lifecycle: { startDate: '2024-02-30' },
          keywords: 'not a list',
          algorithm: { riskClass: 'HIGH' },
          colour: 'red',
          principles: [{ code: 'MADE_UP', rationale: 'r' }],
          dataset: { accessRights: 'SECRET', distributions: [{ accessUrl: 'ftp://x' }] },
        },
        CODES,
      ),
    ).toEqual([
      'title: must be at most 120 characters (it has 121)',
      'contact.email: must be an e-mail address (not "nope")',
      'lifecycle.startDate: must be a date YYYY-MM-DD with a year from 0001 to 9999 (not "2024-02-30")',
      'keywords: must be a list',
      'algorithm: not a field of a DATASET',
      'colour: not a field of an Insyn entry',
      'dataset.accessRights: must be one of PUBLIC, RESTRICTED, NON_PUBLIC (not "SECRET")',
      'dataset.distributions.1.accessUrl: must be an http(s) URL (not "ftp://x")',
      'principles.code: "MADE_UP" is not one of PRIVACY_AND_SECURITY, TRANSPARENCY_AND_NON_DISCRIMINATION',
    ]);
    expect(contentProblems(EntryKind.DATASET, { summary: 'no title' }, CODES)).toEqual([
      'title: a title is required',
    ]);
    // A public contact address is held to a resident's rule, as the API holds it.
    expect(
      contentProblems(EntryKind.DATASET, { title: 'x', contact: { email: 'a@раураl.com' } }, CODES),
    ).toEqual([
      'contact.email: must be an e-mail address whose domain does not mix Latin and Cyrillic letters in one part',
    ]);
    // Links and addresses the exports write as IRIs: as the API refuses them.
    expect(
      contentProblems(
        EntryKind.DATASET,
        {
          title: 't',
          contact: { email: 'a"b@example.se' },
          dataset: { distributions: [{ accessUrl: 'https://x.example/a\\b' }] },
        },
        CODES,
      ),
    ).toEqual([
      'contact.email: must not contain a double quote (U+0022 at position 2)',
      'dataset.distributions.1.accessUrl: must not contain "\\" (U+005C at position 20)',
    ]);
    // As the API: a link a URI cannot hold is refused, one with å in it (an IRI) is taken.
    expect(
      contentProblems(
        EntryKind.DATASET,
        {
          title: 't',
          contact: { email: 'a%b@example.se' },
          dataset: {
            distributions: [
              { accessUrl: 'https://x.example/a%zz' },
              { accessUrl: 'https://x.example/lag/förvaltning' },
            ],
          },
        },
        CODES,
      ),
    ).toEqual([
      'dataset.distributions.1.accessUrl: must not contain "%" without two hex digits after it (at position 20): write "%25" for a percent sign',
    ]);
    expect(
      contentProblems(
        EntryKind.ALGORITHM,
        { title: 't', lifecycle: { startDate: '2024-05-01', endDate: '2024-01-01' } },
        CODES,
      ),
    ).toEqual(['lifecycle.endDate: endDate must not be before startDate (2024-05-01)']);
  });

  it('holds numbers, dates and principles to the ranges the API holds them to', () => {
    // Each of these went in by import and could not be read back (an Int beyond 32 bits is an
    // INTERNAL_SERVER_ERROR on every read), or failed as an unexpected database error (year 0).
    expect(
      contentProblems(
        EntryKind.ALGORITHM,
        {
          title: 't',
          reviewDueDate: '0000-06-30',
          lifecycle: { startDate: '2024-01-01', endDate: '0000-01-01' },
          algorithm: { impactOnPeople: { decisionsPerYear: 3_000_000_000 } },
          principles: [
            { code: 'PRIVACY_AND_SECURITY', rationale: 'a' },
            { code: 'PRIVACY_AND_SECURITY', rationale: 'b' },
          ],
        },
        CODES,
      ),
    ).toEqual([
      'reviewDueDate: must be a date YYYY-MM-DD with a year from 0001 to 9999 (not "0000-06-30")',
      'lifecycle.endDate: must be a date YYYY-MM-DD with a year from 0001 to 9999 (not "0000-01-01")',
      'algorithm.impactOnPeople.decisionsPerYear: must be a whole number from 0 to 1000000000 (not 3000000000)',
      'principles.code: "PRIVACY_AND_SECURITY" is named twice (each principle at most once)',
    ]);
    expect(
      contentProblems(
        EntryKind.IOT_DEPLOYMENT,
        {
          title: 't',
          iotDeployment: {
            deviceCount: 0,
            locations: [{ point: { lat: 91, lon: -181 } }, { point: { lat: -90, lon: 180 } }],
          },
        },
        CODES,
      ),
    ).toEqual([
      'iotDeployment.deviceCount: must be a whole number from 1 to 1000000 (not 0)',
      'iotDeployment.locations.1.point.lat: must be a number from -90 to 90 (not 91)',
      'iotDeployment.locations.1.point.lon: must be a number from -180 to 180 (not -181)',
    ]);
    expect(
      contentProblems(
        EntryKind.ALGORITHM,
        {
          title: 't',
          principles: Array.from({ length: 6 }, () => ({ code: 'X', rationale: 'r' })),
        },
        new Set(['X']),
      ),
    ).toContain('principles: must have at most 5 items (it has 6)');
  });

  it('holds texts and lists to the sizes the API holds them to, field by field', () => {
    // The importers had their own, larger sizes: a 20,000-character purpose went in by import
    // though the API takes at most 4,000.
    expect(
      contentProblems(
        EntryKind.ALGORITHM,
        {
          title: 't',
          purpose: 'p'.repeat(4001),
          description: 'd'.repeat(20000),
          responsibleTeam: '\u{1F600}'.repeat(200),
          suppliers: [{ name: 'n'.repeat(201) }],
          keywords: ['k'.repeat(61)],
          translations: [{ language: 'en' }, { language: 'en' }, { language: 'en' }],
        },
        CODES,
      ),
    ).toEqual([
      'purpose: must be at most 4000 characters (it has 4001)',
      'suppliers.1.name: must be at most 200 characters (it has 201)',
      'keywords.1: must be at most 60 characters (it has 61)',
      'translations: must have at most 2 items (it has 3)',
    ]);
  });

  it('holds GeoJSON areas to the API’s rule: closed rings of [lon, lat] in range', () => {
    const square = [
      [18, 59],
      [18.1, 59],
      [18.1, 59.1],
      [18, 59],
    ];
    const area = (coordinates: unknown) => ({
      title: 't',
      iotDeployment: { locations: [{ area: { type: 'Polygon', coordinates } }] },
    });
    expect(contentProblems(EntryKind.IOT_DEPLOYMENT, area([square]), CODES)).toEqual([]);
    for (const bad of [[['x']], [square.slice(0, 3)], [[[200, 59], ...square.slice(1)]], []])
      expect(contentProblems(EntryKind.IOT_DEPLOYMENT, area(bad), CODES)).toEqual([
        'iotDeployment.locations.1.area: must be a GeoJSON Polygon or MultiPolygon with closed rings of [lon, lat] positions in range around an area (and a bbox, if any, of 4 or 6 numbers: west, south, east, north), at most 10,000 positions',
      ]);
  });

  it('refuses areas that are no simple polygon, as the API does, naming the location', () => {
    const area = (coordinates: unknown) => ({
      title: 't',
      iotDeployment: { locations: [{ area: { type: 'Polygon', coordinates } }] },
    });
    const ring = (...positions: number[][]) => [...positions, positions[0]];
    const problems = (coordinates: unknown) =>
      contentProblems(EntryKind.IOT_DEPLOYMENT, area(coordinates), CODES);
    // An asymmetric bow-tie, a hole outside its outer ring, a box meant across the antimeridian.
    expect(problems([ring([0, 0], [2, 2], [2, 0], [0, 1])])).toEqual([
      'iotDeployment.locations.1.area: must have a boundary that does not cross or touch itself: in ring coordinates.0, the edge from position 0 to 1 meets the edge from position 2 to 3',
    ]);
    expect(
      problems([ring([0, 0], [1, 0], [1, 1], [0, 1]), ring([5, 5], [5, 6], [6, 6], [6, 5])]),
    ).toEqual([
      'iotDeployment.locations.1.area: must have its holes inside its outer ring: ring coordinates.1 lies outside ring coordinates.0',
    ]);
    expect(problems([ring([179, 10], [-179, 10], [-179, 11], [179, 11])])).toEqual([
      expect.stringMatching(
        /^iotDeployment\.locations\.1\.area: must not span more than 180° of longitude in one ring: ring coordinates\.0 runs from -179 to 179/,
      ),
    ]);
  });

  it('clears what a format carries and a record leaves empty', () => {
    expect(patchOf({ title: 'T' }, ['summary', 'algorithm.sourceCode.link', 'suppliers'])).toEqual({
      title: 'T',
      summary: null,
      algorithm: { sourceCode: { link: null } },
      suppliers: null,
    });
    expect(carriedPaths(algostdFields(SETTINGS))).toEqual(
      expect.arrayContaining(['title', 'impactAssessments', 'algorithm.sourceCode.link']),
    );
    expect(carriedPaths(algostdFields(SETTINGS))).not.toContain('impactAssessments.summary');
  });

  it('fingerprints a record whatever the order of its keys', () => {
    expect(digestOf('nl', { a: 1, b: [{ c: 2, d: 3 }] })).toBe(
      digestOf('nl', { b: [{ d: 3, c: 2 }], a: 1 }),
    );
    expect(digestOf('nl', { a: 1 })).not.toBe(digestOf('algostd', { a: 1 }));
  });

  it('AlgoSTD: an exported record maps back to content that exports the same record', () => {
    const entry = fullAlgorithm();
    const { values } = toAlgostd(entry, SETTINGS);
    const { draft, problems } = applyTwoWayFields(
      'AlgoSTD',
      algostdFields(SETTINGS),
      values,
      new Map(),
      EntryKind.ALGORITHM,
    );
    expect(problems).toEqual([]);
    const again = toAlgostd({ ...entry, content: draft.content as never }, SETTINGS).values;
    for (const field of algostdFields(SETTINGS).filter((f) => f.toContent))
      expect({ field: field.name, value: again[field.name] }).toEqual({
        field: field.name,
        value: values[field.name],
      });
  });

  describe('export → import gives back every field the format imports (generated content)', () => {
    // Texts as the API takes them (no carriage return, trimmed), with what the exports join on:
    // ";", brackets, newlines, ", " and the words of Insyn's own labels.
    const text = (max: number) =>
      fc
        .string({
          unit: fc.constantFrom(...'ab å;():/.…\n'.split(''), ' (https://x.se)', ' ()', 'How: '),
          minLength: 1,
          maxLength: max,
        })
        .map((t) => t.trim())
        .filter((t) => t !== '');
    const link = fc.constantFrom(
      'https://lagen.nu/2017:725#K5P1',
      'https://example.se/a)b;c',
      'https://sv.wikipedia.org/wiki/F%C3%B6rvaltningslagen_(2017:900)',
    );
    const day = fc.constantFrom('2024-01-01', '2025-12-31');
    const legalBasis = fc.uniqueArray(
      fc.record({ title: text(40), link: fc.option(link, { nil: undefined }) }),
      { minLength: 1, maxLength: 4, selector: (b) => b.title.toLowerCase().replace(/\s+/g, ' ') },
    );
    const impactOnPeople = fc.record(
      {
        affected: text(30),
        how: text(30),
        decisionsPerYear: fc.integer({ min: 0, max: 1_000_000_000 }),
      },
      { requiredKeys: [] },
    );
    const assessment = (types: ImpactAssessmentType[]) =>
      fc.record(
        {
          type: fc.constantFrom(...types),
          date: day,
          summary: text(40),
          link,
        },
        { requiredKeys: ['type'] },
      );
    const impactAssessments = fc
      .tuple(
        fc.option(assessment([ImpactAssessmentType.DPIA]), { nil: undefined }),
        fc.option(assessment([ImpactAssessmentType.AIA, ImpactAssessmentType.FRIA]), {
          nil: undefined,
        }),
      )
      .map((items) => items.filter((a) => a !== undefined));
    // Keywords as the API takes them (trimmed), with the commas and quotes a list is written with.
    const keywords = fc.uniqueArray(
      fc
        .string({
          unit: fc.constantFrom(...'ab å,";'.split(''), ', '),
          minLength: 1,
          maxLength: 20,
        })
        .map((k) => k.trim())
        .filter((k) => k !== ''),
      { maxLength: 5 },
    );
    const suppliers = fc.uniqueArray(
      text(20).map((name) => ({ name })),
      { maxLength: 4, selector: (s) => s.name.toLowerCase().replace(/\s+/g, ' ') },
    );
    const generated = fc.record({
      purpose: fc.option(text(60), { nil: undefined }),
      legalBasis,
      impactOnPeople,
      impactAssessments,
      keywords,
      suppliers,
    });
    const entryOf = (g: {
      purpose?: string;
      legalBasis: EntryContent['legalBasis'];
      impactOnPeople: object;
      impactAssessments: EntryContent['impactAssessments'];
      keywords: string[];
      suppliers: EntryContent['suppliers'];
    }) => {
      const entry = fullAlgorithm({
        purpose: g.purpose,
        legalBasis: g.legalBasis,
        impactAssessments: g.impactAssessments,
        keywords: g.keywords,
        suppliers: g.suppliers,
      });
      entry.content = {
        ...entry.content,
        ...(g.purpose === undefined ? { purpose: undefined } : {}),
        algorithm: { ...entry.content.algorithm, impactOnPeople: g.impactOnPeople },
      } as EntryContent;
      return entry;
    };
    /** Imports the record as the import does: the format's fields, then the text rule. */
    const imported = (fields: TwoWayField[], record: Record<string, unknown>) => {
      const { draft, problems } = applyTwoWayFields(
        'the standard',
        fields,
        record,
        new Map(),
        EntryKind.ALGORITHM,
      );
      expect(problems).toEqual([]);
      const text = contentText(draft.content);
      expect(text.problems).toEqual([]);
      return { content: text.content as unknown as EntryContent, notes: draft.notes };
    };
    const sameLinks = (list: EntryContent['legalBasis']) =>
      (list ?? []).map((b) => ({ title: b.title, ...(b.link ? { link: b.link } : {}) }));

    it('the Dutch standard: a legal basis with ";" in its title comes back whole, with its link; so does a supplier', () => {
      // An outside probe's record (written by the export before legal bases were one a line).
      const { content } = imported(nlFields(SETTINGS), {
        legal_basis: 'Kommunallagen (2017:725); 5 kap. 1 § (https://lagen.nu/2017:725#K5P1)',
        legal_basis_link: 'https://lagen.nu/2017:725#K5P1',
        legal_basis_title: 'Kommunallagen (2017:725); 5 kap. 1 §',
      });
      expect(content.legalBasis).toEqual([
        { title: 'Kommunallagen (2017:725); 5 kap. 1 §', link: 'https://lagen.nu/2017:725#K5P1' },
      ]);
      // Another register's texts: one legal basis, the first named apart put first; the
      // impact on people whole as how people are affected.
      expect(
        imported(nlFields(SETTINGS), {
          legal_basis_title: 'Wet A',
          legal_basis: 'Wet A, art. 3; Wet B',
          legal_basis_link: 'https://wetten.example.nl/a',
        }).content.legalBasis,
      ).toEqual([
        { title: 'Wet A', link: 'https://wetten.example.nl/a' },
        { title: 'Wet A, art. 3; Wet B' },
      ]);
      // A supplier with ";" in its name is one supplier, as is another register's text.
      const supplier = fullAlgorithm({
        suppliers: [{ name: 'Janssen; de Vries B.V.' }, { name: 'B' }],
      });
      const { record } = toNl(supplier, SETTINGS);
      expect(imported(nlFields(SETTINGS), record).content.suppliers).toEqual([
        { name: 'Janssen; de Vries B.V.' },
        { name: 'B' },
      ]);
      expect(
        imported(nlFields(SETTINGS), { supplier: 'Janssen; de Vries B.V.' }).content.suppliers,
      ).toEqual([{ name: 'Janssen; de Vries B.V.' }]);
      expect(
        imported(algostdFields(SETTINGS), { impact: 'x y About 5 decisions a year.' }).content
          .algorithm,
      ).toEqual({ impactOnPeople: { how: 'x y About 5 decisions a year.' } });
    });

    it('the Dutch standard: a month comes back as its first day for a start and its last for an end, said so', () => {
      const { record } = toNl(
        fullAlgorithm({ lifecycle: { startDate: '2024-01-15', endDate: '2028-02-29' } } as never),
        SETTINGS,
      );
      const back = imported(nlFields(SETTINGS), record);
      expect(back.content.lifecycle).toMatchObject({
        startDate: '2024-01-01',
        endDate: '2028-02-29',
      });
      expect(back.notes).toEqual(
        expect.arrayContaining([
          'start_date: the standard gives a month (2024-01), read as its first day',
          'end_date: the standard gives a month (2028-02), read as its last day',
        ]),
      );
      const december = imported(nlFields(SETTINGS), { ...record, end_date: '2027-12' });
      expect(december.content.lifecycle).toMatchObject({ endDate: '2027-12-31' });
    });

    it('the Dutch standard: two assessments of one type come back as one of each type, said so', () => {
      const { record } = toNl(
        fullAlgorithm({
          impactAssessments: [
            { type: ImpactAssessmentType.DPIA, date: '2023-01-01' },
            { type: ImpactAssessmentType.DPIA, date: '2025-01-01' },
            { type: ImpactAssessmentType.OTHER },
          ],
        }),
        SETTINGS,
      );
      const back = imported(nlFields(SETTINGS), record);
      expect(back.content.impactAssessments).toEqual([
        { type: ImpactAssessmentType.DPIA },
        { type: ImpactAssessmentType.OTHER },
      ]);
      expect(back.notes).toContain(
        'impact_assessments names 3 assessments of 2 types: one assessment of each type imported, as the standard holds only their names',
      );
    });

    it('the Dutch standard: an assessment whose type the source did not give, or named in its own words, comes back as OTHER, said so', () => {
      const { record } = toNl(
        fullAlgorithm({
          impactAssessments: [{ type: ImpactAssessmentType.DPIA, link: 'https://x.se/dpia' }],
        }),
        SETTINGS,
      );
      const untyped = imported(nlFields(SETTINGS), { ...record, impact_assessments: '' });
      expect(untyped.content.impactAssessments).toEqual([
        { type: ImpactAssessmentType.OTHER, link: 'https://x.se/dpia' },
      ]);
      expect(untyped.notes).toContain(
        'impact_assessment_link: the source names no assessment for it, so the link is imported as an assessment of type OTHER; set its type',
      );
      const own = imported(nlFields(SETTINGS), {
        ...record,
        impact_assessments: 'Other impact assessment, Risicoanalyse',
      });
      expect(own.content.impactAssessments).toEqual([
        { type: ImpactAssessmentType.OTHER, link: 'https://x.se/dpia' },
      ]);
      expect(own.notes).toEqual(
        expect.arrayContaining([
          'impact_assessments: "Risicoanalyse" is none of the types Insyn names, imported as OTHER',
          'impact_assessments names 2 assessments of 1 type: one assessment of each type imported, as the standard holds only their names',
        ]),
      );
    });

    it('the Dutch standard: theme OTHER is exported as no theme, said so, and "Internationaal" reads back as OTHER', () => {
      const nl = toNl(fullAlgorithm({ theme: Theme.OTHER }), SETTINGS);
      expect(nl.problems).toEqual([]);
      expect(nl.record.theme).toEqual([]);
      expect(nl.unfilled).toContainEqual({
        field: 'theme',
        reason: expect.stringContaining('the Dutch register’s themes do not name (OTHER)'),
      });
      // Every other theme is one of the register's own.
      const traffic = toNl(fullAlgorithm({ theme: Theme.MOBILITY_AND_TRANSPORT }), SETTINGS);
      expect(traffic.record.theme).toEqual(['Verkeer']);
      // A theme of the register's own list before one only near it.
      const both = imported(nlFields(SETTINGS), {
        theme: ['Internationaal', 'Zorg en gezondheid'],
      });
      expect(both.content.theme).toBe(Theme.HEALTH_AND_CARE);
      const international = imported(nlFields(SETTINGS), { theme: ['Internationaal'] });
      expect(international.content.theme).toBe(Theme.OTHER);
      expect(international.notes).toContain(
        'theme "Internationaal" imported as the nearest theme, OTHER',
      );
    });

    it('AlgoSTD: a FRIA is written as one, with its date, and read back as one', () => {
      const entry = fullAlgorithm({
        impactAssessments: [
          { type: ImpactAssessmentType.FRIA, date: '2024-01-01', summary: 'a' },
          { type: ImpactAssessmentType.DPIA, date: '2024-01-02', summary: 'b' },
        ],
      });
      const { values } = toAlgostd(entry, SETTINGS);
      expect([values.AIA_description, values.DPIA_description]).toEqual([
        'Fundamental Rights Impact Assessment (FRIA) (2024-01-01): a',
        'Data Protection Impact Assessment (DPIA) (2024-01-02): b',
      ]);
      expect(imported(algostdFields(SETTINGS), values).content.impactAssessments).toEqual([
        { type: ImpactAssessmentType.DPIA, date: '2024-01-02', summary: 'b' },
        { type: ImpactAssessmentType.FRIA, date: '2024-01-01', summary: 'a' },
      ]);
      // Another register's text is the summary of the slot's assessment, an AIA.
      expect(
        imported(algostdFields(SETTINGS), { AIA_description: 'An assessment.' }).content
          .impactAssessments,
      ).toEqual([{ type: ImpactAssessmentType.AIA, summary: 'An assessment.' }]);
    });

    it('AlgoSTD: legal bases, impact on people, DPIA, AIA and FRIA with their dates, keywords; the same record again', () => {
      fc.assert(
        fc.property(generated, (g) => {
          const entry = entryOf(g);
          const { values } = toAlgostd(entry, SETTINGS);
          const { content } = imported(algostdFields(SETTINGS), values);
          expect(sameLinks(content.legalBasis)).toEqual(sameLinks(g.legalBasis));
          expect(content.algorithm?.impactOnPeople ?? {}).toEqual(g.impactOnPeople);
          expect(content.keywords ?? []).toEqual(g.keywords);
          const sorted = (list: EntryContent['impactAssessments']) =>
            [...(list ?? [])].sort((a, b) => a.type.localeCompare(b.type));
          expect(sorted(content.impactAssessments)).toEqual(sorted(g.impactAssessments));
          const again = toAlgostd({ ...entry, content }, SETTINGS).values;
          for (const field of algostdFields(SETTINGS).filter((f) => f.toContent))
            expect({ field: field.name, value: again[field.name] }).toEqual({
              field: field.name,
              value: values[field.name],
            });
        }),
        { numRuns: 300 },
      );
    });

    it('the Dutch standard: legal bases and suppliers whole (";" and all), purpose and impact apart, keywords; the same record again', () => {
      fc.assert(
        fc.property(generated, (g) => {
          const entry = entryOf(g);
          const { record, problems } = toNl(entry, SETTINGS);
          expect(problems).toEqual([]);
          const { content } = imported(nlFields(SETTINGS), record);
          expect(sameLinks(content.legalBasis)).toEqual(sameLinks(g.legalBasis));
          expect(content.purpose).toEqual(g.purpose);
          expect(content.algorithm?.impactOnPeople ?? {}).toEqual(g.impactOnPeople);
          expect(content.keywords ?? []).toEqual(g.keywords);
          expect(content.suppliers ?? []).toEqual(g.suppliers);
          const again = toNl({ ...entry, content }, SETTINGS).record;
          for (const field of nlFields(SETTINGS).filter((f) => f.toContent))
            expect({ field: field.name, value: again[field.name] }).toEqual({
              field: field.name,
              value: record[field.name],
            });
        }),
        { numRuns: 300 },
      );
    });
  });

  it('applies the text rule to every string at any depth, naming the field', () => {
    const { content, problems } = contentText({
      title: '  Bell\u0007 title ',
      summary: 'x\u001b[31mred',
      purpose: 'a\rb',
      description: ' line one\r\nline two\t',
      accountability: { accountableOwner: '\tTAB start' },
      keywords: ['ok', 'nul\u0000'],
      suppliers: [{ name: ' Leverantör AB ' }],
      iotDeployment: {
        locations: [{ area: { type: 'Polygon', coordinates: [], note: ' x\u0085' } }],
      },
      theme: ' HOUSING_AND_PLANNING',
      ['bad\u0007key']: 'v',
    });
    const controls = 'must not contain control characters other than tab and newline';
    expect(problems).toEqual([
      `title: ${controls} (U+0007 at position 7)`,
      `summary: ${controls} (U+001B at position 2)`,
      `purpose: ${controls} (U+000D at position 2)`,
      `keywords.2: ${controls} (U+0000 at position 4)`,
      `iotDeployment.locations.1.area.note: ${controls} (U+0085 at position 3)`,
      `(record): a field name ${controls} (U+0007 at position 4)`,
    ]);
    // Accepted text as the API takes it: CRLF a newline, trimmed (a tab at the start too);
    // GeoJSON and enumeration values left as they are (the catalogue check judges those).
    expect(content).toMatchObject({
      description: 'line one\nline two',
      accountability: { accountableOwner: 'TAB start' },
      keywords: ['ok', 'nul\u0000'],
      suppliers: [{ name: 'Leverantör AB' }],
      theme: ' HOUSING_AND_PLANNING',
    });
    expect(contentText({ title: 'Fine', nested: { deep: [['a ']] } })).toEqual({
      content: { title: 'Fine', nested: { deep: [['a']] } },
      problems: [],
    });
    // A key named __proto__ stays a key (and is refused later as no field of an entry).
    const proto = contentText(JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>);
    expect(Object.keys(proto.content)).toEqual(['__proto__']);
  });

  it('reads a UUID source id in any case as the same record, and other ids as given', () => {
    const upper = 'DDDDDDDD-DDDD-4DDD-8DDD-00000000000A';
    expect(sourceIdOf(upper, {})).toBe(upper.toLowerCase());
    expect(sourceIdOf(` ${upper.toLowerCase()} `, {})).toBe(upper.toLowerCase());
    expect(sourceIdOf(undefined, { entryId: upper })).toBe(upper.toLowerCase());
    expect(sourceIdOf('Register-ID-42', {})).toBe('Register-ID-42');
    expect(sourceIdOf(42, {})).toBe('42');
    expect(sourceIdOf('  ', {})).toBeUndefined();
  });

  it('AlgoSTD: a number is not text', () => {
    const { draft, problems } = applyTwoWayFields(
      'AlgoSTD',
      algostdFields(SETTINGS),
      { name: 123, description_short: 'S' },
      new Map(),
      EntryKind.ALGORITHM,
    );
    expect(problems).toEqual(['name: must be text']);
    expect(draft.content.title).toBeUndefined();
  });

  it('AlgoSTD: keywords as a JSON list are those keywords; a value it cannot read is refused, naming the field', () => {
    const apply = (record: Record<string, unknown>) =>
      applyTwoWayFields('AlgoSTD', algostdFields(SETTINGS), record, new Map(), EntryKind.ALGORITHM);
    const list = apply({ name: 'T', keywords: ['Smith, J', ' traffic ', ''] });
    expect(list.problems).toEqual([]);
    expect(list.draft.content.keywords).toEqual(['Smith, J', 'traffic']);
    expect(apply({ name: 'T', keywords: '"Smith, J", traffic' }).draft.content.keywords).toEqual([
      'Smith, J',
      'traffic',
    ]);
    expect(apply({ keywords: ['ok', 42] }).problems).toEqual(['keywords.2: must be text']);
    expect(apply({ keywords: { a: 'b' } }).problems).toEqual([
      'keywords: must be text or a list of texts',
    ]);
    expect(apply({ keywords: 7 }).problems).toEqual(['keywords: must be text or a list of texts']);
    // A list where the standard has one text is refused, not dropped.
    const name = apply({ name: ['T'] });
    expect(name.problems).toEqual(['name: must be text, not a list']);
    expect(name.draft.content.title).toBeUndefined();
  });

  it('AlgoSTD: an attribute whose name holds a NUL or a lone surrogate is listed as left out, nothing of it taken', () => {
    const { draft, problems } = applyTwoWayFields(
      'AlgoSTD',
      algostdFields(SETTINGS),
      { name: 'T', 'na\u0000me': 'x', 'n\ud800': 'y' },
      new Map(),
      EntryKind.ALGORITHM,
    );
    expect(problems).toEqual([]);
    expect(draft.content).toEqual({ title: 'T' });
    expect(draft.leftOut).toEqual([
      { field: 'na\u0000me', reason: 'not an attribute of AlgoSTD' },
      { field: 'n\ud800', reason: 'not an attribute of AlgoSTD' },
    ]);
  });

  describe('ATRS records read back', () => {
    let folder: string;
    beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'insyn-atrs-'))));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    /** An ATRS record read back, and what Insyn exports of the content read (section, field). */
    const read = async (record: object) => {
      const path = join(folder, 'atrs.json');
      writeFileSync(path, JSON.stringify([{ ...record, id: 'a' }]));
      const out: ParsedRecord[] = [];
      for await (const r of (await atrsImport().read(path)).records) out.push(r);
      const content = out[0].content as unknown as EntryContent;
      const again = toAtrs(fullAlgorithm(content), SETTINGS).record as Record<
        string,
        Record<string, unknown>
      >;
      return { ...out[0], content, again };
    };
    const suppliersRead = async (record: object) => (await read(record)).content.suppliers;
    it('suppliers come back whole and each with its own parts: a ";" in a name, a part one of them lacks', async () => {
      const suppliers = [
        { name: 'Janssen; de Vries B.V.', role: 'Developer' },
        { name: 'Acme, Analytics AB', orgNumber: '556677-8899', procurementType: 'Open' },
        { name: 'Tredje' },
      ];
      const record = toAtrs(fullAlgorithm({ suppliers }), SETTINGS);
      expect(await suppliersRead(record)).toEqual(suppliers);
    });

    it("suppliers: another register's text without line breaks is one supplier's", async () => {
      expect(
        await suppliersRead({
          title: 'T',
          external_supplier: 'Janssen; de Vries B.V.',
          external_supplier_role: 'Developer; maintainer',
        }),
      ).toEqual([{ name: 'Janssen; de Vries B.V.', role: 'Developer; maintainer' }]);
    });
    const exported = (content: Partial<EntryContent>) =>
      toAtrs(fullAlgorithm(content), SETTINGS).record as Record<string, Record<string, unknown>>;
    const R = 'risks_mitigations_and_impact_assessments';
    const assessments = [
      {
        type: ImpactAssessmentType.DPIA,
        date: '2024-03-01',
        summary: 'Rad ett.\nRad två (se bilaga).',
        link: 'https://example.se/dpia.pdf',
      },
      { type: ImpactAssessmentType.FRIA, summary: 'Slutsats (https://example.se/x)' },
      { type: ImpactAssessmentType.OTHER, date: '2025-01-31' },
      { type: ImpactAssessmentType.EQIA, summary: 'Jämställdhet ()' },
    ];

    it('come back as exported, each with its type, date, summary and link, the same again', async () => {
      const record = exported({ impactAssessments: assessments });
      const once = await read(record);
      expect(once.problems).toEqual([]);
      expect(once.content.impactAssessments).toEqual(assessments);
      // Exported again, the same text: no "Other impact assessment:" grows in front each round.
      expect(once.again[R].impact_assessment).toBe(record[R].impact_assessment);
      // The reason there is none comes back as that reason, not as an assessment.
      const none = await read(
        exported({ impactAssessments: [], noImpactAssessmentReason: 'Ingen persondata.' }),
      );
      expect(none.content.noImpactAssessmentReason).toBe('Ingen persondata.');
      expect(none.content.impactAssessments).toBeUndefined();
    });

    it("take another register's text as one assessment of another kind, whole, Windows line breaks and all", async () => {
      for (const text of [
        'We did a DPIA in 2023.\nIt found nothing.',
        'We did a DPIA in 2023.\r\nIt found nothing.',
        // Lines alike are one text, not items repeated (which the registry refuses).
        'N/A\r\nN/A',
        // One line as Insyn writes them, one not: not Insyn's, so whole.
        'Data Protection Impact Assessment (DPIA): Klar.\r\nSe bilaga.',
      ]) {
        const { content } = await read({ impact_assessment: text });
        expect(content.impactAssessments).toEqual([
          { type: ImpactAssessmentType.OTHER, summary: text },
        ]);
      }
      // A summary whose own lines start with an assessment's name is still one summary.
      const summary = 'Klar.\nAlgorithmic Impact Assessment (AIA): följer.';
      const record = exported({
        impactAssessments: [{ type: ImpactAssessmentType.DPIA, summary }],
      });
      expect((await read(record)).content.impactAssessments).toEqual([
        { type: ImpactAssessmentType.DPIA, summary },
      ]);
    });

    it('read the function as the theme, the nearest one said so; an unknown one left out, saying why', async () => {
      for (const theme of Object.values(Theme).filter((t) => t !== Theme.OTHER)) {
        const record = exported({ theme });
        const back = await read(record);
        // Two themes share a function each: read back as the nearer, and exported the same.
        expect(back.again.metadata.function).toBe(record.metadata.function);
        if (back.content.theme !== theme) expect(back.notes.join()).toMatch(/nearest theme/);
      }
      expect((await read({ function: 'health' })).content.theme).toBe(Theme.HEALTH_AND_CARE);
      const several = await read({ function: 'health, education' });
      expect(several.content.theme).toBe(Theme.HEALTH_AND_CARE);
      expect(several.leftOut).toContainEqual({
        field: 'function',
        reason: 'an entry has one theme; education left out',
      });
      expect((await read({ function: 'defence' })).notes).toContain(
        'function "defence" imported as the nearest theme, PUBLIC_SAFETY',
      );
      // As GOV.UK's finder writes them; another register's own word leaves the theme unset.
      expect((await read({ function: 'Public order and safety' })).content.theme).toBe(
        Theme.PUBLIC_SAFETY,
      );
      // Only separators name no function: the theme stays unset, nothing refused.
      const none = await read({ function: ' , ; ' });
      expect(none.problems).toEqual([]);
      expect(none.content.theme).toBeUndefined();
      const space = await read({ function: 'Space' });
      expect(space.problems).toEqual([]);
      expect(space.content.theme).toBeUndefined();
      expect(space.leftOut).toContainEqual({
        field: 'function',
        reason: expect.stringMatching(/^"Space" is none of the ATRS functions/),
      });
    });

    it('say so when the title or summary they give twice differ, and refuse a phase given twice differently', async () => {
      // An outside probe: `title` was skipped as "the same as name" without being compared (or
      // held to the text rule), and of two `phase` attributes the last won (probe Q, F2).
      const twice = await read({
        name: 'Bostadskö',
        title: `Något annat\u0000${'x'.repeat(1000)}`,
        one_sentence_description: 'Ordnar kön.',
        description: 'Ordnar kön.',
      });
      expect(twice.problems).toEqual([]);
      expect(twice.content.title).toBe('Bostadskö');
      expect(twice.content.summary).toBe('Ordnar kön.');
      expect(twice.leftOut).toContainEqual({
        field: 'title',
        reason: 'not imported: Insyn takes this from name, which says something else',
      });
      expect(twice.leftOut.map((l) => l.field)).not.toContain('description');
      expect((await read({ name: 'A', title: 42 })).problems).toEqual(['title: must be text']);
      const phases = await read({
        name: 'A',
        title_information: { phase: 'nonsense' },
        tool_specification: { phase: 'beta-pilot' },
      });
      expect(phases.problems).toContain(
        'phase: title_information and tool_specification give it differently',
      );
      const alike = await read({
        name: 'A',
        title_information: { phase: 'beta-pilot' },
        tool_specification: { phase: ' beta-pilot' },
      });
      expect(alike.problems).toEqual([]);
    });

    it('say why sensitive attributes are not read back: Insyn keeps them as items', async () => {
      const { leftOut } = await read({ sensitive_attributes: 'age: needed for the rule' });
      expect(leftOut).toContainEqual({
        field: 'sensitive_attributes',
        reason: expect.stringContaining('Insyn keeps protected characteristics as items'),
      });
    });
  });

  describe('records taken out of an export without its envelope', () => {
    let folder: string;
    beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'insyn-bare-'))));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    // An outside probe took `records[].record` out of each export and imported them: the
    // exporter's notices for withheld fields went in as a supplier named "Withheld: OSL 18:8",
    // an assessment of type OTHER (which counts for publication) and a district of that name.
    const ground = 'OSL 18 kap. 8 §';
    const entry = fullAlgorithm({
      withheld: [
        'description',
        'suppliers',
        'impactAssessments',
        'accountability.humanOversight',
        'accountability.appealProcess',
        'algorithm.risksAndMitigations',
        'geographicArea',
      ].map((field) => ({ field, legalGround: ground, until: '2099-01-01' })),
    });
    const readBare = async (format: 'atrs' | 'nl' | 'algostd') => {
      const record =
        format === 'atrs'
          ? { ...toAtrs(entry, SETTINGS).record, id: 'bare-1' }
          : format === 'nl'
            ? { ...toNl(entry, SETTINGS).record, source_id: 'bare-1' }
            : { ...toAlgostd(entry, SETTINGS).values, id: 'bare-1' };
      const path = join(folder, `${format}.json`);
      writeFileSync(path, JSON.stringify([record]));
      const importer =
        format === 'atrs'
          ? atrsImport()
          : format === 'nl'
            ? nlImport(SETTINGS)
            : algostdImport(SETTINGS);
      const out: ParsedRecord[] = [];
      for await (const r of (await importer.read(path)).records) out.push(r);
      return { record, read: out[0] };
    };

    it.each(['atrs', 'nl', 'algostd'] as const)(
      '%s: a withheld field’s notice is left out as withheld, never read as its value',
      async (format) => {
        const { record, read } = await readBare(format);
        // The file does hold the notices (else the test would prove nothing).
        expect(JSON.stringify(record)).toMatch(/(Withheld|Niet openbaar): OSL 18 kap\. 8 §/);
        expect(read.problems).toEqual([]);
        expect(JSON.stringify(read.content)).not.toMatch(/Withheld|Niet openbaar|OSL 18/);
        expect(read.content?.suppliers).toBeUndefined();
        expect(read.content?.impactAssessments ?? []).toEqual([]);
        const withheld = read.leftOut.filter((l) => l.reason.startsWith('withheld at the source'));
        expect(withheld.length).toBeGreaterThan(0);
        for (const l of withheld) expect(l.reason).toContain(`(${ground} (`);
      },
    );

    it('imports what an export gave of an attribute it withheld a part of, and names every withheld attribute, valued or not', async () => {
      // The type of each assessment withheld (as withholding the AI Act class does, along),
      // its date, summary and link public: ATRS names the attribute withheld and still fills it.
      const partly = fullAlgorithm({
        impactAssessments: [
          { date: '2024-01-10', summary: 'Privacy risks assessed.', link: 'https://x.se/dpia/1' },
        ] as never,
        withheld: [{ field: 'impactAssessments.type', legalGround: ground }],
      });
      const atrs = toAtrs(partly, SETTINGS);
      expect(atrs.withheld.map((w) => w.field)).toContain('impact_assessment');
      const algostd = toAlgostd(partly, SETTINGS);
      const files = {
        atrs: {
          records: [
            { entryId: 'e-1', record: { ...atrs.record, id: 'p-1' }, withheld: atrs.withheld },
          ],
        },
        // A typed value the export leaves empty, named withheld: said so too.
        algostd: {
          records: [
            {
              entryId: 'e-2',
              record: { ...algostd.values, id: 'p-2', risk_category: null },
              withheld: [
                ...algostd.withheld,
                { field: 'risk_category', withheld: 'algorithm.aiActClass', legalGround: ground },
              ],
            },
          ],
        },
      };
      const readFile = async (format: 'atrs' | 'algostd') => {
        const path = join(folder, `enveloped-${format}.json`);
        writeFileSync(path, JSON.stringify(files[format]));
        const importer = format === 'atrs' ? atrsImport() : algostdImport(SETTINGS);
        const out: ParsedRecord[] = [];
        for await (const r of (await importer.read(path)).records) out.push(r);
        return out[0];
      };
      const fromAtrs = await readFile('atrs');
      expect(fromAtrs.problems).toEqual([]);
      expect(fromAtrs.content?.impactAssessments).toEqual([
        expect.objectContaining({
          date: '2024-01-10',
          summary: 'Privacy risks assessed.',
          link: 'https://x.se/dpia/1',
        }),
      ]);
      expect(fromAtrs.leftOut.map((l) => l.field)).not.toContain('impact_assessment');
      expect(fromAtrs.notes).toContain(
        `impact_assessment: imported without what the source withheld of it (impactAssessments.type: ${ground})`,
      );
      const fromAlgostd = await readFile('algostd');
      expect(fromAlgostd.leftOut).toContainEqual({
        field: 'risk_category',
        reason: `withheld at the source (${ground})`,
      });
    });

    it('takes a value that only begins like a notice, or a list with one notice among values', () => {
      expect(withheldNoticeGround('Withheld: OSL 18:8')).toBe('OSL 18:8');
      expect(withheldNoticeGround(['Niet openbaar: Wob 5.1', 'Withheld: OSL 18:8'])).toBe(
        'Wob 5.1',
      );
      expect(withheldNoticeGround(['Withheld: OSL 18:8', 'Norrmalm'])).toBeUndefined();
      expect(withheldNoticeGround('Withheld data are deleted after 30 days')).toBeUndefined();
      expect(withheldNoticeGround('Withheld:')).toBeUndefined();
      expect(withheldNoticeGround([])).toBeUndefined();
      expect(withheldNoticeGround(42)).toBeUndefined();
    });
  });

  describe('CSV rows that are not valid CSV', () => {
    let folder: string;
    beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'insyn-csv-'))));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const read = async (text: string) => {
      const path = join(folder, 'f.csv');
      writeFileSync(path, text);
      const out: ParsedRecord[] = [];
      try {
        const { records } = await csvImport().read(path);
        for await (const r of records) out.push(r);
      } catch (error) {
        return { out, error: (error as Error).message };
      }
      return { out, error: undefined };
    };

    it('names each field the source withheld, whose value the file does not have', async () => {
      const withheld = JSON.stringify([
        { field: 'suppliers', legalGround: 'OSL 31:16' },
        { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2099-01-01' },
      ]).replace(/"/g, '""');
      const { out, error } = await read(
        `id,kind,title,withheld\r\nw-1,ALGORITHM,Räkna,"${withheld}"\r\n`,
      );
      expect(error).toBeUndefined();
      expect(out[0].leftOut).toEqual([
        {
          field: 'suppliers',
          reason: 'withheld at the source (OSL 31:16); the draft keeps it withheld',
        },
        {
          field: 'algorithm.aiActClass',
          reason: 'withheld at the source (OSL 18:8); the draft keeps it withheld',
        },
      ]);
    });

    it('reads a UUID id in any case as the JSON importers do: one record, in lower case', async () => {
      const id = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
      const { out, error } = await read(`id,kind,title\r\n${id},ALGORITHM,Räkna\r\n`);
      expect(error).toBeUndefined();
      expect(out.map((r) => r.sourceId)).toEqual([id.toLowerCase()]);
    });

    it('reads the relations cell as links to make, and the row’s names by which other rows’ links find it', async () => {
      const id = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
      const links = JSON.stringify([
        { type: 'USES_DATASET', slug: 'parkering', entryId: id.toUpperCase() },
        { type: 'PART_OF', slug: 'trafik' },
      ]).replace(/"/g, '""');
      const { out, error } = await read(
        `id,slug,kind,title,relations\r\n${id},rakna,ALGORITHM,Räkna,"${links}"\r\n${id.replace('a1', 'b1')},,ALGORITHM,Utan,\r\n`,
      );
      expect(error).toBeUndefined();
      expect(out.map((r) => [r.problems, r.names, r.links, r.linksNotMade])).toEqual([
        [
          [],
          { entryId: id, slug: 'rakna' },
          [
            // The id as the rows' ids are kept: in lower case.
            { type: 'USES_DATASET', slug: 'parkering', entryId: id },
            { type: 'PART_OF', slug: 'trafik' },
          ],
          [],
        ],
        // An empty cell: nothing to make, nothing to say.
        [[], { entryId: id.replace('a1', 'b1'), slug: undefined }, [], []],
      ]);
      // The links are not content, nor left out.
      expect(out[0].content).toEqual({ title: 'Räkna' });
      expect(out[0].leftOut).toEqual([
        expect.objectContaining({ field: 'slug, url, status, version, department, dates' }),
      ]);
    });

    it('reports a malformed relations cell under linksNotMade and imports the row all the same', async () => {
      const { out, error } = await read(
        `id,kind,title,relations\r\n1,ALGORITHM,Räkna,"[{""type"":"\r\n`,
      );
      expect(error).toBeUndefined();
      expect(out[0].problems).toEqual([]);
      expect(out[0].links).toEqual([]);
      expect(out[0].linksNotMade).toEqual([
        {
          link: 'relations',
          reason: `must be a JSON list of at most ${MAX_CELL_LINKS} links {"type","slug","entryId"}; the cell is not JSON`,
        },
      ]);
    });
    it('fails the bad row as its record, on its line of the file, and reads on', async () => {
      // CRLF as our export writes it, a line break inside a quoted cell: csv-parse says "line 5".
      const { out, error } = await read(
        'id,kind,title\r\n1,ALGORITHM,"a\r\nb"\r\n2,ALGORITHM\r\n\r\n3,ALGORITHM,c\r\n',
      );
      expect(error).toBeUndefined();
      expect(out.map((r) => [r.index, r.sourceId, r.problems])).toEqual([
        [1, '1', []],
        [2, undefined, ['line 4: not a valid CSV row: it has 2 cells where the header has 3']],
        [3, '3', []],
      ]);
    });

    it('refuses a header that names a column twice, before any row (the last one won)', async () => {
      const { out, error } = await read('id,kind,title,summary,title\n1,ALGORITHM,A,s,B\n');
      expect(out).toEqual([]);
      expect(error).toBe('the header names the column "title" twice; each column once');
    });

    const mustBeHeader =
      'the first line must be the header naming the columns (id, slug, url, kind, status, … as docs/open-data-columns.md lists them), its cells separated by commas;';
    it('refuses a first line that is no header of ours, before any row: another delimiter, no header, a JSON file, an empty file', async () => {
      const semicolons = await read('id;kind;title\n1;ALGORITHM;A\n');
      expect(semicolons).toEqual({
        out: [],
        error: `${mustBeHeader} it has no "id" or "kind" column (its first cell is "id;kind;title")`,
      });
      // One row and no header: csv-parse takes the row as the header, and there is no row left.
      const headless = await read('00000000-0000-4000-8000-000000000001,ALGORITHM,A\n');
      expect(headless).toEqual({
        out: [],
        error: `${mustBeHeader} this one looks like a row of entries, with no header before it: it has no "id" or "kind" column (its first cell is "00000000-0000-4000-8000-000000000001")`,
      });
      // Rows without their header, the first publication and the last on one day: the header
      // is missing, not one naming a date twice.
      const row = (n: number) =>
        `00000000-0000-4000-8000-00000000000${n},slug-${n},https://x.se/${n},ALGORITHM,PUBLISHED,1,d,D,D,2024-05-01,2024-05-01,,,,T\n`;
      expect(await read(row(1) + row(2))).toEqual({
        out: [],
        error: expect.stringMatching(
          /^the first line must be the header naming the columns \(id, slug, url, kind, status, … .* this one looks like a row of entries/,
        ),
      });
      expect(await read('id,title\n1,A\n2,B\n')).toEqual({
        out: [],
        error: expect.stringMatching(/it has no "kind" column/),
      });
      // A JSON file given as CSV: failed once, for the file, not row by row.
      expect(
        await read('[\n  {"uuid": "a", "name": "A"},\n  {"uuid": "b", "name": "B"}\n]\n'),
      ).toEqual({
        out: [],
        error:
          'the file looks like JSON, not CSV (it begins with "{" or "["): a JSON file of AlgoSTD, ATRS or Dutch register records is imported with --format algostd, atrs or nl',
      });
      expect((await read('[{"uuid":"a","name":"A, B"}]')).error).toMatch(
        /^the file looks like JSON/,
      );
      expect(await read('\n\n')).toEqual({
        out: [],
        error:
          'the file is empty: an import of Insyn’s open-data CSV begins with its header (docs/open-data-columns.md)',
      });
      // A header alone (an export of an empty register): nothing to import, and nothing wrong.
      expect(await read('id,kind,title\n')).toEqual({ out: [], error: undefined });
    });

    it('reads UTF-16 little-endian with its BOM (Excel’s "Unicode text"), and refuses big-endian and a cut last character before any row', async () => {
      const utf16le = (text: string) =>
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const readBytes = async (bytes: Buffer) => {
        const path = join(folder, 'u.csv');
        writeFileSync(path, bytes);
        const out: ParsedRecord[] = [];
        try {
          const { records } = await csvImport().read(path);
          for await (const r of records) out.push(r);
        } catch (error) {
          return { out, error: (error as Error).message };
        }
        return { out, error: undefined };
      };
      const good = await readBytes(utf16le('id,kind,title\r\n1,ALGORITHM,Åtgärd 😀\r\n'));
      expect(good.error).toBeUndefined();
      expect(good.out.map((r) => [r.sourceId, r.problems, r.content?.title])).toEqual([
        ['1', [], 'Åtgärd 😀'],
      ]);
      const be = Buffer.from(utf16le('id,kind,title\n1,ALGORITHM,A\n').swap16());
      expect(await readBytes(be)).toEqual({
        out: [],
        error:
          'the file is UTF-16 big-endian (it begins with the BOM FE FF); save it as UTF-8, or as UTF-16 little-endian',
      });
      const cut = Buffer.concat([utf16le('id,kind,title\n1,ALGORITHM,A\n'), Buffer.from([0x41])]);
      expect(await readBytes(cut)).toEqual({
        out: [],
        error:
          'the file is UTF-16 (it begins with the BOM FF FE) and ends in half a character; save it again',
      });
    });

    it('many good rows before a bad one are all read (none lost in a buffer)', async () => {
      let text = 'id,kind,title\n';
      for (let i = 1; i <= 2000; i++) text += `${i},ALGORITHM,t${i}\n`;
      const { out } = await read(`${text}x,ALGORITHM\n2001,ALGORITHM,last\n`);
      expect(out).toHaveLength(2002);
      expect(out[2000].problems).toEqual([
        'line 2002: not a valid CSV row: it has 2 cells where the header has 3',
      ]);
      expect(out[2001].sourceId).toBe('2001');
    });

    // 20,000 rows: a test of streaming, not of speed, given room on a busy machine (CI timed it
    // out at the unit default of 5 s, with the whole file taking 32 s).
    it('reports bad rows as it reads them: a file of only bad rows is not held until its end', async () => {
      const rows = 20_000;
      const path = join(folder, 'bad.csv');
      writeFileSync(path, `id,kind,title\n${'x,ALGORITHM\n'.repeat(rows)}`);
      const size = statSync(path).size;
      // The module the importer reads (an `import * as` here would be a copy).
      const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
      const opened: ReadStream[] = [];
      const real = fs.createReadStream;
      const spy = jest
        .spyOn(fs, 'createReadStream')
        .mockImplementation((...args: Parameters<typeof real>) => {
          const stream = real(...args);
          opened.push(stream);
          return stream;
        });
      try {
        const { records } = await csvImport().read(path);
        let count = 0;
        let last: ParsedRecord | undefined;
        for await (const record of records) {
          count += 1;
          if (count === 1) {
            // Only the UTF-8 check has read the whole file when the first bad row is reported:
            // the parser has not run ahead of the report, keeping what it skipped.
            expect(opened.filter((s) => s.bytesRead >= size).length).toBe(1);
            expect(record.problems).toEqual([
              'line 2: not a valid CSV row: it has 2 cells where the header has 3',
            ]);
          }
          last = record;
        }
        expect(count).toBe(rows);
        expect([last?.index, last?.problems]).toEqual([
          rows,
          [`line ${rows + 1}: not a valid CSV row: it has 2 cells where the header has 3`],
        ]);
      } finally {
        spy.mockRestore();
      }
    }, 30_000);

    it('a row a cell short fails as its record, its BOM and header read as ever', async () => {
      const first = await read('\uFEFFid,kind,title\nx,ALGORITHM\n1,ALGORITHM,a\n');
      expect(first.out.map((r) => r.problems[0])).toEqual([
        'line 2: not a valid CSV row: it has 2 cells where the header has 3',
        undefined,
      ]);
    });

    const fix = 'quote the whole value and double the quotes inside it';
    const rowsOf = (out: ParsedRecord[]) => out.map((r) => [r.index, r.sourceId, r.problems]);

    it('fails a stray quote inside an unquoted value once, on its line, and imports the rows after it', async () => {
      const { out, error } = await read(
        'id,kind,title\n1,ALGORITHM,a\n2,ALGORITHM,a"b"c\n3,ALGORITHM,c\n4,ALGORITHM,d\n',
      );
      expect(error).toBeUndefined();
      expect(rowsOf(out)).toEqual([
        [1, '1', []],
        [
          2,
          undefined,
          [
            `line 3: not a valid CSV row: a quote inside the unquoted value of column "title"; ${fix}`,
          ],
        ],
        [3, '3', []],
        [4, '4', []],
      ]);
    });

    it('fails text after a closing quote once, and imports and counts the valid rows after it', async () => {
      const { out, error } = await read(
        'id,kind,title\r\n1,ALGORITHM,a\r\n2,ALGORITHM,"x"y\r\n3,ALGORITHM,"c,\r\nd"\r\n4,ALGORITHM,e\r\n',
      );
      expect(error).toBeUndefined();
      expect(rowsOf(out)).toEqual([
        [1, '1', []],
        [
          2,
          undefined,
          [
            `line 3: not a valid CSV row: the quoted value of column "title" goes on after its closing quote; ${fix}`,
          ],
        ],
        [3, '3', []],
        [4, '4', []],
      ]);
      expect(out[2].content).toEqual({ title: 'c,\r\nd' });
    });

    it('fails a quote never closed once, naming the line it opens on, and imports the rows after it', async () => {
      const notClosed = (line: number) =>
        `line ${line}: not a valid CSV row: the quote that opens the value of column "title" is not closed; end the value with a quote, or, if the quote is part of the text, ${fix}`;
      // At the end of the file.
      const last = await read('id,kind,title\n1,ALGORITHM,a\n2,ALGORITHM,"b\n');
      expect(rowsOf(last.out)).toEqual([
        [1, '1', []],
        [2, undefined, [notClosed(3)]],
      ]);
      // Before valid rows, one of them quoted: the quote that opens it does not close this one.
      const { out, error } = await read(
        'id,kind,title\n1,ALGORITHM,"b\n2,ALGORITHM,c\n3,ALGORITHM,"d ""e"""\n4,ALGORITHM,f\n',
      );
      expect(error).toBeUndefined();
      expect(rowsOf(out)).toEqual([
        [1, undefined, [notClosed(2)]],
        [2, '2', []],
        [3, '3', []],
        [4, '4', []],
      ]);
      expect(out[2].content).toEqual({ title: 'd "e"' });
    });

    it('imports a quoted value across lines, and fails one across lines with a fault in it once', async () => {
      const { out, error } = await read(
        'id,kind,title,summary\n1,ALGORITHM,"Rad ett\nrad ""två"", tre",s\n2,ALGORITHM,"ett\ntvå "x" tre",s\n3,ALGORITHM,c,s\n',
      );
      expect(error).toBeUndefined();
      expect(rowsOf(out)).toEqual([
        [1, '1', []],
        [
          2,
          undefined,
          [
            `line 4: not a valid CSV row: the quoted value of column "title" goes on after its closing quote on line 5; ${fix} (lines 4 to 5, read as one record: none of them was imported)`,
          ],
        ],
        [3, '3', []],
      ]);
      expect(out[0].content).toEqual({ title: 'Rad ett\nrad "två", tre', summary: 's' });
    });

    it('refuses a header that is not valid CSV before any row', async () => {
      expect(await read('id,kind,"title\n1,ALGORITHM,a\n')).toEqual({
        out: [],
        error: `the header (line 1) is not valid CSV: the quote that opens the value of column 3 is not closed; end the value with a quote, or, if the quote is part of the text, ${fix}`,
      });
    });

    describe('any rows', () => {
      const header = ['id', 'kind', 'title', 'summary'];
      /** A cell as RFC 4180 writes it: quoted when it must be, or when `quote` asks. */
      const cell = (value: string, quote: boolean) =>
        quote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
      const rows = fc.array(
        fc.tuple(
          fc.array(
            fc.tuple(
              fc.string({
                unit: fc.constantFrom('a', 'ö', ',', '"', '\n', '\r\n', ' '),
                maxLength: 6,
              }),
              fc.boolean(),
            ),
            { minLength: 2, maxLength: 2 },
          ),
          fc.boolean(),
        ),
        { maxLength: 8 },
      );
      /** The rows numbered from 1 in the `id` column, as the file holds them and as read. */
      const numbered = (generated: [[string, boolean][], boolean][]) =>
        generated.map(([cells, quoteId], i) => ({
          line: [
            cell(String(i + 1), quoteId),
            'ALGORITHM',
            ...cells.map(([v, q]) => cell(v, q)),
          ].join(','),
          raw: Object.fromEntries(
            header.map((h, c) => [h, [String(i + 1), 'ALGORITHM', ...cells.map(([v]) => v)][c]]),
          ),
        }));

      it('reads exactly the rows written (quotes, commas and line breaks in quoted cells)', async () => {
        await fc.assert(
          fc.asyncProperty(rows, async (generated) => {
            const written = numbered(generated);
            const { out, error } = await read(
              `${header.join(',')}\r\n${written.map((w) => `${w.line}\r\n`).join('')}`,
            );
            expect(error).toBeUndefined();
            expect(out.map((r) => r.raw)).toEqual(written.map((w) => w.raw));
          }),
          { numRuns: 100 },
        );
      });

      it('fails one broken row among valid ones once, on its line, and reads every other row', async () => {
        await fc.assert(
          fc.asyncProperty(
            rows,
            fc.nat(),
            fc.constantFrom('x,ALGORITHM,a"b,s', 'x,ALGORITHM,"x"y,s', 'x,ALGORITHM,t'),
            async (generated, place, broken) => {
              const written = numbered(generated);
              const at = place % (written.length + 1);
              const lines = [header.join(','), ...written.map((w) => w.line)];
              lines.splice(at + 1, 0, broken);
              const { out, error } = await read(`${lines.join('\n')}\n`);
              expect(error).toBeUndefined();
              // The line of the file the broken row is on: past the header and the rows' lines.
              const line =
                lines
                  .slice(0, at + 1)
                  .join('\n')
                  .split('\n').length + 1;
              expect(
                out.map((r) => r.raw ?? r.problems[0].replace(/: not a valid CSV row: .*/, '')),
              ).toEqual([
                ...written.slice(0, at).map((w) => w.raw),
                `line ${line}`,
                ...written.slice(at).map((w) => w.raw),
              ]);
              expect(out.map((r) => r.index)).toEqual(out.map((_, i) => i + 1));
            },
          ),
          { numRuns: 100 },
        );
      });
    });
  });

  describe('the CSV relations cell', () => {
    const shape = `must be a JSON list of at most ${MAX_CELL_LINKS} links {"type","slug","entryId"}`;
    const ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

    it('reads the export’s links: a known type and a slug and/or entry id of the right shape', () => {
      expect(
        parseRelationsCell(
          JSON.stringify([
            { type: 'USES_DATASET', slug: 'parkering', entryId: ID },
            { type: 'PRODUCES_DATASET', entryId: ID.toUpperCase() },
            { type: 'FED_BY_DEPLOYMENT', slug: 'raknare--2', title: 'not read' },
          ]),
        ),
      ).toEqual({
        links: [
          { type: 'USES_DATASET', slug: 'parkering', entryId: ID },
          { type: 'PRODUCES_DATASET', entryId: ID },
          { type: 'FED_BY_DEPLOYMENT', slug: 'raknare--2' },
        ],
        notMade: [],
      });
      expect(parseRelationsCell('[]')).toEqual({ links: [], notMade: [] });
    });

    it.each([
      ['not JSON', '[{', `${shape}; the cell is not JSON`],
      [
        'an object, not a list',
        '{"type":"PART_OF","slug":"a"}',
        `${shape}; the cell holds no list`,
      ],
      ['null', 'null', `${shape}; the cell holds no list`],
      [
        'too many links',
        JSON.stringify(
          Array.from({ length: MAX_CELL_LINKS + 1 }, () => ({ type: 'PART_OF', slug: 'a' })),
        ),
        `${shape}; the cell holds ${MAX_CELL_LINKS + 1}`,
      ],
      [
        'too long a cell',
        `"${'a'.repeat(70_000)}"`,
        `${shape} (the cell has 70002 characters; at most 65536)`,
      ],
    ])('refuses a cell that is %s, whole: no link, one reason', (_what, cell, reason) => {
      expect(parseRelationsCell(cell)).toEqual({
        links: [],
        notMade: [{ link: 'relations', reason }],
      });
    });

    it('leaves out each bad item, saying why, and keeps the good ones', () => {
      expect(
        parseRelationsCell(
          JSON.stringify([
            'PART_OF a',
            { type: 'MENTIONS', slug: 'a' },
            { type: 'PART_OF', slug: 'Not A Slug' },
            { type: 'PART_OF', slug: 'a', entryId: 'not-a-uuid' },
            { type: 'PART_OF' },
            { type: 'PART_OF', slug: 42 },
            { type: 'PART_OF', slug: 'good' },
          ]),
        ),
      ).toEqual({
        links: [{ type: 'PART_OF', slug: 'good' }],
        notMade: [
          { link: 'relations item 1', reason: 'must be an object {"type","slug","entryId"}' },
          {
            link: 'relations item 2',
            reason:
              'type must be one of USES_DATASET, FED_BY_DEPLOYMENT, PRODUCES_DATASET, PART_OF',
          },
          {
            link: 'relations item 3',
            reason: 'slug must be an entry slug (lower-case letters, digits and "-", at most 200)',
          },
          { link: 'relations item 4', reason: 'entryId must be an entry id (a UUID)' },
          { link: 'relations item 5', reason: 'must name its target by slug or entryId' },
          {
            link: 'relations item 6',
            reason: 'slug must be an entry slug (lower-case letters, digits and "-", at most 200)',
          },
        ],
      });
    });
  });
});
