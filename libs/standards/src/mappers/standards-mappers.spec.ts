import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  AiActClass,
  ContentLanguage,
  EntryKind,
  ImpactAssessmentType,
  LifecycleStage,
  publicContent,
  RelationType,
  RiskClass,
} from '@insyn/registry';
import type { ExportEntry, ExportRelation } from '../export/export-entry';
import {
  exportEntry,
  fullAlgorithm,
  fullDataset,
  fullIotDeployment,
  SETTINGS,
} from '../../test-fixtures/export-entries';
import { dcatMandatoryFindings, dcatRecommendedFindings, jsonLdToStore } from '@insyn/testing';
import { unknownPaths } from '../mapping/standard-field';
import { ALGOSTD_TYPED, ALGOSTD_URLS, algostdFields, toAlgostd } from './algostd.mapper';
import { ATRS_CATEGORIES, ATRS_FIELD_PATHS, toAtrs } from './atrs.mapper';
import { CSV_COLUMNS, csvCell, csvLine, restoreFormula, toCsvRow } from './csv.mapper';
import {
  DCAT_AP_CONTEXT,
  DCAT_RECOMMENDED_NOT_HELD,
  dcatCatalogue,
  toDcatDataset,
} from './dcat-ap.mapper';
import { geoJsonGeometryOf } from './geojson-geometry.mapper';
import { toGeoJsonFeatures } from './geojson.mapper';
import { NL_CONTENT_LANGUAGE, nlFields, shortened, toNl } from './nl-algoritmeregister.mapper';
import { toOpenDataRecord } from './open-data.mapper';

const TEST_DATA = join(__dirname, '..', '..', 'test-data');

/** Rows of a CSV of the test data, by column name. */
function csvRows(file: string): Record<string, string>[] {
  return parse(readFileSync(join(TEST_DATA, file), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
}

/** Required attributes of ATRS v3 (template table, column "required"). */
function atrsRequired(): Map<string, boolean> {
  const table = readFileSync(join(TEST_DATA, 'uk-atrs-v3.0-template_table.md'), 'utf8');
  const required = new Map<string, boolean>();
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (/^\d/.test(cells[1] ?? '')) required.set(cells[1], cells.at(-2) === 'TRUE');
  }
  return required;
}

describe('standards mappers', () => {
  it('map from catalogue paths that exist', () => {
    expect(unknownPaths(algostdFields(SETTINGS))).toEqual([]);
    expect(unknownPaths(nlFields(SETTINGS))).toEqual([]);
    expect(
      ATRS_FIELD_PATHS(SETTINGS).filter(
        (p) => unknownPaths([{ name: p, from: [p], value: () => 1 }]).length,
      ),
    ).toEqual([]);
  });

  describe('UK ATRS v3', () => {
    const fields = csvRows('uk-atrs-v3.0-fields.csv');
    it('holds every attribute of the standard in its category, and nothing else', () => {
      const { record } = toAtrs(fullAlgorithm(), SETTINGS);
      const expected: Record<string, string[]> = {};
      for (const f of fields) {
        const key = ATRS_CATEGORIES[f.category as keyof typeof ATRS_CATEGORIES];
        expect(key).toBeDefined();
        (expected[key] ??= []).push(f.attribute);
      }
      for (const [category, attributes] of Object.entries(expected)) {
        const section = record[category as keyof typeof record];
        const items = Array.isArray(section) ? section : [section];
        expect(items.length).toBeGreaterThan(0);
        for (const item of items)
          expect(Object.keys(item as object).sort()).toEqual([...attributes].sort());
      }
      expect(Object.keys(record).sort()).toEqual(Object.keys(expected).sort());
    });

    it('fills tier 1 and names each required attribute it cannot fill, with a reason', () => {
      const entry = fullAlgorithm();
      const { record, unfilled } = toAtrs(entry, SETTINGS);
      expect(record.tier_1_information).toEqual({
        name: entry.content.title,
        description: entry.content.summary,
        website_url: entry.url,
        contact_email: 'digital@stad.example.se',
      });
      const required = atrsRequired();
      for (const u of unfilled.filter((x) => !x.field.startsWith('model_specification')))
        expect({
          field: u.field,
          required: [...required.entries()].some(
            ([ref, r]) =>
              r && fields.find((f) => f.reference_number === ref)?.attribute === u.field,
          ),
        }).toEqual({ field: u.field, required: true });
      expect(unfilled.map((u) => u.field)).toEqual(
        expect.arrayContaining(['id', 'benefit', 'required_training']),
      );
      expect(unfilled.every((u) => u.reason.length > 10)).toBe(true);
    });

    it('says a withheld field is withheld and why, never its value', () => {
      const entry = fullAlgorithm({
        withheld: [{ field: 'accountability', legalGround: 'OSL 18:8', until: '2099-01-01' }],
      });
      const { record, withheld } = toAtrs(entry, SETTINGS);
      expect(record.owner_and_responsibility).toMatchObject({
        senior_responsible_owner: 'Withheld: OSL 18:8 (until 2099-01-01)',
      });
      expect(JSON.stringify(record)).not.toContain('Head of the social services unit');
      expect(withheld).toContainEqual({
        field: 'senior_responsible_owner',
        withheld: 'accountability',
        legalGround: 'OSL 18:8',
        until: '2099-01-01',
      });
    });
  });

  /** An entry as the exports read it: its public view, with what its withholdings hide left out. */
  const asPublished = (entry: ExportEntry): ExportEntry => ({
    ...entry,
    content: publicContent(entry.content, entry.kind, '2025-06-01'),
  });
  const withholding = (...fields: string[]) =>
    fields.map((field) => ({ field, legalGround: `OSL ${field}` }));

  describe('a withheld field a standard types (a URL, an address, a code list)', () => {
    const entry = asPublished(
      fullAlgorithm({
        withheld: withholding('algorithm.sourceCode', 'algorithm.aiActClass', 'contact.email'),
        algorithm: {
          ...fullAlgorithm().content.algorithm,
          aiActClass: AiActClass.HIGH_RISK,
          riskClass: RiskClass.LOW,
        },
      }),
    );

    it('AlgoSTD: is left empty and listed as withheld, never given the withheld text', () => {
      const { values, withheld } = toAlgostd(entry, SETTINGS);
      for (const name of ['codebase_url', 'risk_category', 'contact_email']) {
        expect({ name, value: values[name] }).toEqual({ name, value: null });
        expect(withheld.map((w) => w.field)).toContain(name);
      }
      for (const name of ALGOSTD_TYPED)
        expect({ name, value: String(values[name]) }).not.toEqual({
          name,
          value: expect.stringMatching(/^Withheld/),
        });
    });

    it('the Dutch register: the record stays valid without the link, and says which category it cannot know', () => {
      const sourceOnly = toNl(
        asPublished(fullAlgorithm({ withheld: withholding('algorithm.sourceCode') })),
        SETTINGS,
      );
      expect(sourceOnly.problems).toEqual([]);
      expect(sourceOnly.record.source_code_link).toBeUndefined();
      expect(sourceOnly.withheld.map((w) => w.field)).toContain('source_code_link');

      // With the AI Act class withheld the algorithm stays in the register: its category from
      // the public risk class, and its withheld list saying category A could not be told.
      const nl = toNl(entry, SETTINGS);
      expect(nl.problems).toEqual([]);
      expect(nl.record.publication_category).toBe('Overige algoritmes (Categorie C)');
      expect(nl.withheld).toContainEqual({
        field: 'publication_category',
        withheld: 'algorithm.aiActClass',
        legalGround: 'OSL algorithm.aiActClass',
      });
      // Whatever the withheld class: the same record.
      const others = [AiActClass.MINIMAL, AiActClass.PROHIBITED].map(
        (aiActClass) =>
          toNl(
            asPublished(
              fullAlgorithm({
                withheld: withholding(
                  'algorithm.sourceCode',
                  'algorithm.aiActClass',
                  'contact.email',
                ),
                algorithm: {
                  ...fullAlgorithm().content.algorithm,
                  aiActClass,
                  riskClass: RiskClass.LOW,
                },
              }),
            ),
            SETTINGS,
          ).record.publication_category,
      );
      expect(others).toEqual([nl.record.publication_category, nl.record.publication_category]);
    });

    it('the Dutch register: with the risk class withheld, the reason a record cannot be made names the withholding', () => {
      const withRisk = (riskClass: RiskClass, aiActClass: AiActClass) =>
        toNl(
          asPublished(
            fullAlgorithm({
              withheld: withholding('algorithm.riskClass'),
              algorithm: { ...fullAlgorithm().content.algorithm, aiActClass, riskClass },
            }),
          ),
          SETTINGS,
        );
      const high = withRisk(RiskClass.HIGH, AiActClass.MINIMAL);
      expect(high.problems).toEqual([
        'publication_category: the standard requires a category, and any would tell the withheld algorithm.riskClass (OSL algorithm.riskClass)',
      ]);
      // Whatever the withheld class: the same record (its entry's address and id aside), and
      // the same reason.
      const low = withRisk(RiskClass.LOW, AiActClass.MINIMAL);
      const withoutIds = (record: Record<string, unknown>) => ({
        ...record,
        link: undefined,
        source_id: undefined,
      });
      expect({ record: withoutIds(low.record), problems: low.problems }).toEqual({
        record: withoutIds(high.record),
        problems: high.problems,
      });
      // Category A follows from the public AI Act class alone.
      const categoryA = withRisk(RiskClass.LOW, AiActClass.HIGH_RISK);
      expect(categoryA.problems).toEqual([]);
      expect(categoryA.record.publication_category).toBe('Hoog-risico AI-systeem (Categorie A)');
    });

    it('the Dutch register: links are written as URIs, a Swedish law’s å encoded', () => {
      const nl = toNl(
        asPublished(
          fullAlgorithm({
            legalBasis: [
              { title: 'Förvaltningslag', link: 'https://sv.wikipedia.org/wiki/Förvaltningslag' },
            ],
          }),
        ),
        SETTINGS,
      );
      expect(nl.problems).toEqual([]);
      expect(nl.record.legal_basis_link).toBe('https://sv.wikipedia.org/wiki/F%C3%B6rvaltningslag');
    });

    it('ATRS: sensitive attributes say that the protected characteristics are withheld, beside public proxy variables or alone', () => {
      const withheld = [
        { field: 'nonDiscrimination.protectedCharacteristics', legalGround: 'OSL 21:7' },
      ];
      const nonDiscrimination = {
        proxyVariables: 'Postnummer kan spegla etnicitet',
        protectedCharacteristics: [
          { characteristic: 'etnicitet', justification: 'hemlig motivering' },
        ],
      };
      const beside = toAtrs(asPublished(fullAlgorithm({ nonDiscrimination, withheld })), SETTINGS);
      const sensitive = (r: typeof beside) =>
        (r.record as Record<string, Record<string, unknown>>).data_specification
          .sensitive_attributes;
      expect(sensitive(beside)).toBe('Postnummer kan spegla etnicitet');
      expect(JSON.stringify(beside.record)).not.toMatch(/hemlig|etnicitet:/);
      expect(beside.withheld).toContainEqual({
        field: 'sensitive_attributes',
        withheld: 'nonDiscrimination.protectedCharacteristics',
        legalGround: 'OSL 21:7',
      });
      // Nothing else to show: withheld, and why, not "the entry does not say".
      const alone = toAtrs(
        asPublished(
          fullAlgorithm({
            nonDiscrimination: { ...nonDiscrimination, proxyVariables: undefined },
            withheld,
          }),
        ),
        SETTINGS,
      );
      expect(sensitive(alone)).toBe('Withheld: OSL 21:7');
      expect(alone.unfilled.map((u) => u.field)).not.toContain('sensitive_attributes');
      expect(alone.withheld.map((w) => w.field)).toContain('sensitive_attributes');
      // A withheld part of nonDiscrimination that the text is not made of (the bias assessment's
      // date) withholds nothing of it (probe Q, F5); all of nonDiscrimination withholds it all.
      const dateOnly = toAtrs(
        asPublished(
          fullAlgorithm({
            nonDiscrimination,
            withheld: [{ field: 'nonDiscrimination.biasAssessment.date', legalGround: 'OSL 21:7' }],
          }),
        ),
        SETTINGS,
      );
      expect(sensitive(dateOnly)).toBe(
        'etnicitet: hemlig motivering; Postnummer kan spegla etnicitet',
      );
      expect(dateOnly.withheld.map((w) => w.field)).not.toContain('sensitive_attributes');
      const whole = toAtrs(
        asPublished(
          fullAlgorithm({
            nonDiscrimination,
            withheld: [{ field: 'nonDiscrimination', legalGround: 'OSL 21:7' }],
          }),
        ),
        SETTINGS,
      );
      expect(sensitive(whole)).toBe('Withheld: OSL 21:7');
    });

    it('ATRS: an impact assessment whose type is withheld says so, not "undefined"', () => {
      const { record } = toAtrs(entry, SETTINGS);
      const text = JSON.stringify(record);
      expect(text).not.toContain('undefined');
      expect(text).toContain('Impact assessment (type withheld)');
    });
  });

  describe('Eurocities AlgoSTD v0.3.1', () => {
    const fields = csvRows('algostd-v0.3.1-fields.csv');
    it('writes the attributes it types as url as URIs: a Swedish å or host encoded', () => {
      expect([...ALGOSTD_URLS].sort()).toEqual(
        fields
          .filter((f) => f.type === 'url')
          .map((f) => f.attribute)
          .sort(),
      );
      const { values } = toAlgostd(
        fullAlgorithm({
          algorithm: {
            ...fullAlgorithm().content.algorithm,
            sourceCode: { link: 'https://kod.exämple.se/förvaltning#å', licence: 'EUPL-1.2' },
          },
          impactAssessments: [
            {
              type: ImpactAssessmentType.DPIA,
              link: 'https://sv.wikipedia.org/wiki/Förvaltningslag',
            },
          ],
        }),
        SETTINGS,
      );
      expect(values.codebase_url).toBe('https://kod.xn--exmple-cua.se/f%C3%B6rvaltning#%C3%A5');
      expect(values.DPIA_url).toBe('https://sv.wikipedia.org/wiki/F%C3%B6rvaltningslag');
    });

    it('types (StandardField.typed) exactly the attributes its field list does not type as a string', () => {
      expect([...ALGOSTD_TYPED].sort()).toEqual(
        fields
          .filter((f) => f.type !== 'string')
          .map((f) => f.attribute)
          .sort(),
      );
      expect(
        algostdFields(SETTINGS)
          .filter((f) => f.typed)
          .map((f) => f.name)
          .sort(),
      ).toEqual([...ALGOSTD_TYPED].sort());
    });

    it('has exactly the attributes of the standard, enumerations within their values', () => {
      const { values } = toAlgostd(fullAlgorithm(), SETTINGS);
      expect(Object.keys(values).sort()).toEqual(fields.map((f) => f.attribute).sort());
      for (const f of fields.filter((x) => x.type === 'enum')) {
        const allowed = f.enum_values.split(' | ');
        if (values[f.attribute] !== null) expect(allowed).toContain(values[f.attribute]);
      }
      expect(values).toMatchObject({
        standard_version: '0.3.1',
        status: 'operational',
        area: 'Södermalm, Kungsholmen',
      });
    });

    it('lists the required attributes it cannot fill', () => {
      const { values, unfilled } = toAlgostd(fullAlgorithm(), SETTINGS);
      const required = fields.filter((f) => f.required === 'yes').map((f) => f.attribute);
      const empty = required.filter((a) => values[a] === null);
      expect(unfilled.map((u) => u.field).sort()).toEqual(empty.sort());
    });
  });

  describe('Dutch algorithm register v1.0', () => {
    it('writes records that validate against the standard’s JSON Schema', () => {
      const nl = toNl(fullAlgorithm(), SETTINGS);
      expect(nl.problems).toEqual([]);
      expect(nl.record).toMatchObject({
        status: 'In gebruik',
        start_date: '2024-01',
        schema: '1.0.0',
      });
      expect(nl.unfilled.map((u) => u.field)).toEqual(expect.arrayContaining(['data']));
    });

    it('shortens a text longer than the standard takes, saying so, rather than leave the algorithm out', () => {
      // 120 characters, as Insyn allows a title.
      const title = `${'Prioritering av ansökningar om ekonomiskt bistånd '.repeat(3).slice(0, 119)}x`;
      const nl = toNl(fullAlgorithm({ title }), SETTINGS);
      expect(nl.problems).toEqual([]);
      const name = nl.record.name as string;
      expect([...name]).toHaveLength(99);
      expect(name.endsWith('…')).toBe(true);
      expect(title.startsWith(name.slice(0, -1))).toBe(true);
      expect(nl.unfilled).toContainEqual({
        field: 'name',
        reason: expect.stringContaining('the text has 120 characters and the standard takes 99'),
      });
      // A title that fits is left as it is.
      expect(toNl(fullAlgorithm(), SETTINGS).unfilled.map((u) => u.field)).not.toContain('name');
    });

    it('names why a record cannot be valid (no start month)', () => {
      const nl = toNl(fullAlgorithm({ lifecycle: { stage: LifecycleStage.IN_USE } }), SETTINGS);
      expect(nl.problems).toEqual(['start_date: must match pattern "^[0-9]{4}-[0-9]{2}$"']);
    });
  });

  describe('DCAT-AP 3.0.1', () => {
    const document = (...entries: ReturnType<typeof fullDataset>[]) =>
      JSON.stringify({
        '@context': DCAT_AP_CONTEXT,
        ...dcatCatalogue(SETTINGS, new Date('2025-03-01T00:00:00Z')),
        dataset: entries.map((e) => toDcatDataset(e, SETTINGS).node),
      });

    it('passes the mandatory and range shapes with no violation', async () => {
      const minimal = exportEntry(EntryKind.DATASET, { keywords: undefined });
      const store = await jsonLdToStore(document(fullDataset(), minimal), DCAT_AP_CONTEXT);
      expect(store.size).toBeGreaterThan(40);
      const findings = await dcatMandatoryFindings(store);
      expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);
    });

    it('writes an area drawn as GeoJSON as a bounded Location with its geometry, not as "no area"', async () => {
      const drawn = exportEntry(EntryKind.DATASET, {
        geographicArea: {
          geoJson: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [18.0, 59.3],
                  [18.1, 59.3],
                  [18.1, 59.35],
                  [18.0, 59.3],
                ],
              ],
              [
                // Drawn clockwise.
                [
                  [17.9, 59.2],
                  [17.95, 59.25],
                  [17.95, 59.2],
                  [17.9, 59.2],
                ],
              ],
            ],
          },
        },
      });
      const { node, unfilled } = toDcatDataset(drawn, SETTINGS);
      expect(unfilled.map((u) => u.field)).not.toContain('dct:spatial');
      expect(unfilled.map((u) => u.field)).not.toContain('dct:Location dcat:bbox');
      const store = await jsonLdToStore(document(drawn), DCAT_AP_CONTEXT);
      const area = `${drawn.url}#area`;
      const objects = (predicate: string) =>
        store.getObjects(area, predicate, null).map((o) => [o.value, (o as any).datatype?.value]);
      expect(objects('http://www.w3.org/ns/dcat#bbox')).toEqual([
        [
          'POLYGON((17.9 59.2,17.9 59.35,18.1 59.35,18.1 59.2,17.9 59.2))',
          'http://www.opengis.net/ont/geosparql#wktLiteral',
        ],
      ]);
      const [[geometry, type]] = objects('http://www.w3.org/ns/locn#geometry');
      expect(type).toBe('https://www.iana.org/assignments/media-types/application/vnd.geo+json');
      // Written as every GeoJSON of the registry is: rings by the right-hand rule.
      expect(JSON.parse(geometry)).toEqual(
        geoJsonGeometryOf(drawn.content.geographicArea!.geoJson!),
      );
      expect(JSON.parse(geometry).coordinates[1][0][1]).toEqual([17.95, 59.2]);
      expect(
        store.getQuads(`${drawn.url}#dataset`, 'http://purl.org/dc/terms/spatial', area, null),
      ).toHaveLength(1);
      expect(node).toBeDefined();
      const findings = await dcatMandatoryFindings(store);
      expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);
    });

    it('reports the recommended properties a dataset lacks, each named in its unfilled list', async () => {
      for (const entry of [
        fullDataset(),
        exportEntry(EntryKind.DATASET, { keywords: undefined }),
      ]) {
        const { unfilled } = toDcatDataset(entry, SETTINGS);
        const findings = await dcatRecommendedFindings(
          await jsonLdToStore(document(entry), DCAT_AP_CONTEXT),
        );
        expect(findings.length).toBeGreaterThan(0);
        const local = (iri: string | null) => (iri ?? '').replace(/^.*[#/]/, '');
        const catalogueGaps = DCAT_RECOMMENDED_NOT_HELD.filter((n) =>
          ['dcat:Catalog', 'dct:LicenseDocument', 'dct:Location'].includes(n.node),
        ).map((n) => n.property.replace(/^.*:/, ''));
        for (const finding of findings) {
          const property = local(finding.path);
          const named = finding.focusNode.startsWith(entry.url)
            ? unfilled.some((u) => u.field.endsWith(`:${property}`))
            : catalogueGaps.includes(property);
          expect({ finding: `${finding.focusNode} ${property}`, named }).toEqual({
            finding: `${finding.focusNode} ${property}`,
            named: true,
          });
        }
      }
    });
  });

  describe('DCAT-AP 3.0.1: languages, contact, retirement', () => {
    const triples = async (entry: ExportEntry) =>
      jsonLdToStore(
        JSON.stringify({
          '@context': DCAT_AP_CONTEXT,
          ...dcatCatalogue(SETTINGS, null),
          dataset: [toDcatDataset(entry, SETTINGS).node],
        }),
        DCAT_AP_CONTEXT,
      );
    const DCT = 'http://purl.org/dc/terms/';

    it('tags titles and descriptions with their language, the English translation included', async () => {
      const entry = fullDataset({
        translations: [
          { language: ContentLanguage.en, title: 'Parking data', summary: 'Where cars park.' },
        ],
      });
      const store = await triples(entry);
      const literals = (property: string) =>
        store
          .getQuads(`${entry.url}#dataset`, `${DCT}${property}`, null, null)
          .map((q) => `${q.object.value}@${(q.object as { language?: string }).language}`)
          .sort();
      expect(literals('title')).toEqual([`${entry.content.title}@sv`, 'Parking data@en'].sort());
      expect(literals('description')).toContain('Where cars park.@en');
      expect(
        store
          .getQuads(`${entry.url}#dataset`, 'http://www.w3.org/ns/dcat#keyword', null, null)
          .map((q) => `${q.object.value}@${(q.object as { language?: string }).language}`)
          .sort(),
      ).toEqual((entry.content.keywords ?? []).map((k) => `${k}@sv`).sort());
      expect(entry.content.keywords?.length).toBeGreaterThan(0);
      expect(
        store
          .getQuads(null, `${DCT}language`, null, null)
          .map((q) => q.object.value.replace(/^.*\//, ''))
          .sort(),
      ).toEqual(['ENG', 'SWE']);
      const findings = await dcatMandatoryFindings(store);
      expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);
    });

    it('keeps the team as the contact point when only its e-mail is withheld', async () => {
      const entry = asPublished(
        fullDataset({ withheld: withholding('contact.email'), responsibleTeam: 'Trafikdata' }),
      );
      const { node } = toDcatDataset(entry, SETTINGS);
      expect(node.contactPoint).toEqual([
        expect.objectContaining({ 'http://www.w3.org/2006/vcard/ns#fn': 'Trafikdata' }),
      ]);
      expect(JSON.stringify(node)).not.toContain('mailto:');
    });

    it('marks the distributions of a retired dataset deprecated, and passes the shapes', async () => {
      const entry = { ...fullDataset(), status: 'RETIRED', retiredAt: new Date('2025-05-01') };
      const { node } = toDcatDataset(entry, SETTINGS);
      const distributions = node.datasetDistribution as Record<string, unknown>[];
      expect(distributions.length).toBeGreaterThan(0);
      for (const d of distributions)
        expect(d.status).toEqual({
          '@id': 'http://publications.europa.eu/resource/authority/distribution-status/DEPRECATED',
          '@type': 'Concept',
          preferredLabel: ['Deprecated'],
        });
      expect(toDcatDataset(fullDataset(), SETTINGS).node.datasetDistribution).not.toEqual(
        expect.arrayContaining([expect.objectContaining({ status: expect.anything() })]),
      );
      const findings = await dcatMandatoryFindings(await triples(entry));
      expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);
    });
  });

  it('says a retired algorithm is retired, in each standard', () => {
    const entry = {
      ...fullAlgorithm(),
      status: 'RETIRED',
      retiredAt: new Date('2025-05-01T08:00:00Z'),
    };
    expect(toAlgostd(entry, SETTINGS).values.status).toBe('retired');
    const { record } = toAtrs(entry, SETTINGS);
    expect(record.title_information).toMatchObject({ phase: 'retired' });
    expect(record.metadata).toMatchObject({ date_archived: '2025-05-01' });
    expect(toNl(entry, SETTINGS).record.status).toBe('Buiten gebruik');
  });

  it('GeoJSON: a feature per location, null geometry when the locations are withheld', () => {
    const features = toGeoJsonFeatures(fullIotDeployment());
    expect(features.map((f) => f.geometry?.type)).toEqual(['Point', 'Polygon']);
    expect(features[0].geometry?.coordinates).toEqual([18.0717, 59.3186]);
    const hidden = toGeoJsonFeatures(
      fullIotDeployment({
        withheld: [{ field: 'iotDeployment.locations', legalGround: 'OSL 18:8' }],
      }),
    );
    expect(hidden).toHaveLength(1);
    expect(hidden[0].geometry).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain('Götgatan');
  });

  it('GeoJSON: a location with a point and an area gives both, the area as a feature of its own', () => {
    const square = [
      [
        [18.0, 59.3],
        [18.1, 59.3],
        [18.1, 59.4],
        [18.0, 59.4],
        [18.0, 59.3],
      ],
    ];
    const features = toGeoJsonFeatures(
      fullIotDeployment({
        iotDeployment: {
          locations: [
            {
              description: 'Torget',
              point: { lat: 59.35, lon: 18.05 },
              area: { type: 'Polygon', coordinates: square },
            },
          ],
        },
      }),
    );
    expect(
      features.map((f) => [f.id.replace(/^.*#/, '#'), f.geometry?.type, f.properties.locationPart]),
    ).toEqual([
      ['#1', 'Point', 'point'],
      ['#1-area', 'Polygon', 'area'],
    ]);
    expect(features.every((f) => f.properties.location === 'Torget')).toBe(true);
  });

  it('GeoJSON: rings follow the right-hand rule (RFC 7946 §3.1.6), however they were drawn', () => {
    const twice = (ring: number[][]) =>
      ring
        .slice(0, -1)
        .reduce((sum, p, i) => sum + p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1], 0);
    // A polygon: an outer ring and a hole, each a square drawn either way round.
    const square = (x: number, y: number, size: number, clockwise: boolean) => {
      const ring = [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ];
      return clockwise ? ring.reverse() : ring;
    };
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (outerCw, holeCw, multi) => {
        const polygon = [square(18, 59, 1, outerCw), square(18.25, 59.25, 0.5, holeCw)];
        const area = multi
          ? {
              type: 'MultiPolygon' as const,
              coordinates: [polygon, [square(20, 60, 1, outerCw)]],
            }
          : { type: 'Polygon' as const, coordinates: polygon };
        const [feature] = toGeoJsonFeatures(
          fullIotDeployment({
            iotDeployment: { locations: [{ description: 'Område', area }] },
          }),
        );
        const polygons = (
          multi ? feature.geometry!.coordinates : [feature.geometry!.coordinates]
        ) as number[][][][];
        for (const rings of polygons) {
          expect(twice(rings[0])).toBeGreaterThan(0);
          for (const hole of rings.slice(1)) expect(twice(hole)).toBeLessThan(0);
        }
        // The same points, only the order of travel changed.
        expect(new Set(polygons[0][0].map(String))).toEqual(new Set(polygon[0].map(String)));
      }),
    );
  });

  it('GeoJSON: a point with its latitude or longitude withheld is no Point', () => {
    for (const half of ['lat', 'lon']) {
      const [point, area] = toGeoJsonFeatures(
        fullIotDeployment({
          withheld: [{ field: `iotDeployment.locations.point.${half}`, legalGround: 'OSL 18:8' }],
        }),
      );
      expect(point.geometry).toBeNull();
      expect(point.properties.location).toBe('Götgatan 1');
      expect(JSON.stringify(point)).not.toMatch(half === 'lat' ? /59\.3186/ : /18\.0717/);
      expect(area.geometry?.type).toBe('Polygon');
    }
  });

  it('CSV: docs/open-data-columns.md documents every column, in order', () => {
    const doc = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'docs', 'open-data-columns.md'),
      'utf8',
    );
    const documented = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(CSV_COLUMNS);
  });

  it('CSV: one cell per column, quoted when needed, JSON for lists', () => {
    const entry = fullAlgorithm();
    const row = toCsvRow(entry);
    expect(row).toHaveLength(CSV_COLUMNS.length);
    const cell = (column: string) => row[CSV_COLUMNS.indexOf(column)];
    expect(cell('algorithm.riskClass')).toBe('LOW');
    expect(JSON.parse(cell('keywords'))).toEqual(['AI', 'försörjningsstöd']);
    expect(csvLine(['a', 'b,c', 'd"e', ' f'])).toBe('a,"b,c","d""e"," f"\r\n');
  });
});

describe('public links in the exports', () => {
  const link = (
    type: RelationType,
    other: ExportEntry,
    direction: ExportRelation['direction'] = 'OUTGOING',
  ): ExportRelation => ({
    type,
    direction,
    entryId: other.id,
    slug: other.slug,
    url: other.url,
    kind: other.kind,
    title: other.content.title,
    since: new Date('2025-04-01T10:00:00Z'),
  });
  const parking = fullDataset({ title: 'Parkeringsdata' });
  const counts = fullDataset({ title: 'Trafikflöden' });
  const sensors = fullIotDeployment({ title: 'Trafiksensorer' });
  const algorithm = (): ExportEntry => ({
    ...fullAlgorithm(),
    relations: [
      link(RelationType.USES_DATASET, parking),
      link(RelationType.FED_BY_DEPLOYMENT, sensors),
      link(RelationType.USES_DATASET, counts),
      link(RelationType.PRODUCES_DATASET, counts),
      link(RelationType.PART_OF, fullAlgorithm(), 'INCOMING'),
    ],
  });

  it('entries.json and the CSV give the outgoing links, with slug, id and url', () => {
    const entry = algorithm();
    const record = toOpenDataRecord(entry);
    expect(record.relations).toEqual([
      {
        type: 'USES_DATASET',
        entryId: parking.id,
        slug: parking.slug,
        url: parking.url,
        since: '2025-04-01T10:00:00.000Z',
      },
      expect.objectContaining({ type: 'FED_BY_DEPLOYMENT', slug: sensors.slug }),
      expect.objectContaining({ type: 'USES_DATASET', slug: counts.slug }),
      expect.objectContaining({ type: 'PRODUCES_DATASET', slug: counts.slug }),
    ]);
    const row = toCsvRow(entry);
    expect(CSV_COLUMNS.at(-1)).toBe('relations');
    expect(JSON.parse(row.at(-1)!)).toEqual([
      { type: 'USES_DATASET', slug: parking.slug, entryId: parking.id },
      { type: 'FED_BY_DEPLOYMENT', slug: sensors.slug, entryId: sensors.id },
      { type: 'USES_DATASET', slug: counts.slug, entryId: counts.id },
      { type: 'PRODUCES_DATASET', slug: counts.slug, entryId: counts.id },
    ]);
    // No links: an empty cell and an empty list.
    expect(toCsvRow(fullAlgorithm()).at(-1)).toBe('');
    expect(toOpenDataRecord(fullAlgorithm()).relations).toEqual([]);
  });

  it('AlgoSTD fills its data sources and its language', () => {
    const { values, unfilled } = toAlgostd(algorithm(), SETTINGS);
    expect(values.source_data).toBe(
      `Parkeringsdata (${parking.url}); Trafikflöden (${counts.url})`,
    );
    expect(values.connected_data_sources).toBe(
      `Uses dataset: Parkeringsdata (${parking.url}); Trafikflöden (${counts.url}). ` +
        `Fed by IoT deployment: Trafiksensorer (${sensors.url}). ` +
        `Produces dataset: Trafikflöden (${counts.url}).`,
    );
    expect(values.lang).toBe('sv');
    const fields = unfilled.map((u) => u.field);
    expect(fields).not.toContain('source_data');
    expect(fields).not.toContain('lang');
    // Without links the data sources stay unfilled, saying why.
    const bare = toAlgostd(fullAlgorithm(), SETTINGS);
    expect(bare.values.source_data).toBeNull();
    expect(bare.unfilled).toContainEqual({
      field: 'source_data',
      reason: 'the entry has no public USES_DATASET link to a dataset',
    });
  });

  it('the Dutch record names the data and its first source, and stays valid', () => {
    const { record, problems, unfilled } = toNl(algorithm(), SETTINGS);
    expect(problems).toEqual([]);
    expect(record.data).toMatch(/^Uses dataset: Parkeringsdata \(/);
    expect(record.data_source_title).toBe('Parkeringsdata');
    expect(record.data_source_link).toBe(parking.url);
    // The schema allows "nld" alone; the envelope states Swedish (NL_CONTENT_LANGUAGE).
    expect(record.language).toBe('nld');
    expect(NL_CONTENT_LANGUAGE).toBe('swe');
    expect(unfilled.find((u) => u.field === 'language')?.reason).toContain('"swe"');
  });

  it('ATRS names the datasets the algorithm uses and their pages', () => {
    const { record } = toAtrs(algorithm(), SETTINGS);
    const data = record.data_specification as Record<string, unknown>;
    expect(data.source_data_name).toBe('Parkeringsdata; Trafikflöden');
    expect(data.source_data_url).toBe(`${parking.url}; ${counts.url}`);
  });

  it('DCAT-AP relates a dataset to the entries linked with it, and stays valid', async () => {
    const user = fullAlgorithm();
    const dataset: ExportEntry = {
      ...fullDataset(),
      relations: [
        link(RelationType.USES_DATASET, user, 'INCOMING'),
        link(RelationType.PRODUCES_DATASET, user, 'INCOMING'),
        link(RelationType.PART_OF, parking),
      ],
    };
    const { node } = toDcatDataset(dataset, SETTINGS);
    expect(node.relatedResource).toEqual([
      { '@id': user.url },
      { '@id': `${parking.url}#dataset` },
    ]);
    const store = await jsonLdToStore(
      JSON.stringify({
        '@context': DCAT_AP_CONTEXT,
        ...dcatCatalogue(SETTINGS, null),
        dataset: [node],
      }),
      DCAT_AP_CONTEXT,
    );
    expect(
      store
        .getQuads(`${dataset.url}#dataset`, 'http://purl.org/dc/terms/relation', null, null)
        .map((q) => q.object.value)
        .sort(),
    ).toEqual([user.url, `${parking.url}#dataset`].sort());
    const findings = await dcatMandatoryFindings(store);
    expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);
  });
});

describe('CSV cells (the open data and the compliance report)', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+46 8 508 000 00', "'+46 8 508 000 00"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ["'=already", "''=already"],
    ["it's plain", "it's plain"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['a=b', 'a=b'],
    // Full-width forms, which a spreadsheet set up for East Asian input reads as ASCII ones.
    ['＝HYPERLINK("http://evil")', `"'＝HYPERLINK(""http://evil"")"`],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
  ])('%j is written as %s', (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it.each(['=1+1', '+46', '-x', '@x', '\tx', "'=x", "''+x", "'plain", 'plain', '', '＝x', "'＋x"])(
    '%j comes back exactly from its cell',
    (text) => {
      const cell = csvCell(text);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(restoreFormula(unquoted)).toBe(text);
    },
  );

  it('writes numbers as numbers, even negative ones, and null as empty', () => {
    expect(csvLine(['city', -1, 0.5, null])).toBe('city,-1,0.5,\r\n');
  });
});

describe('the Dutch register’s shortened texts', () => {
  it('cut between graphemes, within the schema’s count of code points', () => {
    const family = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
    const text = `${'a'.repeat(7)}e\u0301${family}ööö`;
    // 7 + 2 (e and its accent) + 7 (the family) + 3 code points: 19.
    expect(shortened(text, 11)).toBe(`${'a'.repeat(7)}e\u0301…`);
    expect(shortened(text, 17)).toBe(`${'a'.repeat(7)}e\u0301${family}…`);
    expect(shortened(text, 9)).toBe(`${'a'.repeat(7)}…`);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 2, max: 40 }),
        (t, max) => {
          const cut = shortened(t, max);
          expect([...cut].length).toBeLessThanOrEqual(max);
          // Every grapheme kept is one of the text's, whole.
          const graphemes = (s: string) =>
            [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map(
              (g) => g.segment,
            );
          const kept = graphemes(cut.slice(0, -1).trimEnd());
          expect(graphemes(t).slice(0, kept.length)).toEqual(kept);
        },
      ),
    );
  });
});
