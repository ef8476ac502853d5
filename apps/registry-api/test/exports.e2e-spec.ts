import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import {
  EntryHistoryRepository,
  EntryKind,
  isoDay,
  LifecycleStage,
  RegistryClock,
  RelationType,
} from '@insyn/registry';
import {
  ATRS_CATEGORIES,
  CSV_COLUMNS,
  DCAT_AP_CONTEXT,
  EXPORT_FORMATS,
  exportFormat,
  ExportsService,
  nlSchemaProblems,
} from '@insyn/standards';
import {
  createTestTokens,
  dcatMandatoryFindings,
  dcatRecommendedFindings,
  eventually,
  jsonLdToStore,
} from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { FIXTURE_WITHHELD_UNTIL } from './entry-fixtures';
import { RegistryApiHarness } from './registry-api.harness';

type Json = Record<string, any>;

/**
 * The public exports over HTTP: published entries only, as the public sees them, each validated
 * against its standard, cacheable (ETag, Last-Modified, 304) and the same bytes however they are
 * paged.
 */
describe('exports (/exports)', () => {
  let api: RegistryApiHarness;
  let setup: EntrySetup;
  const ids: Record<string, string> = {};

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers });
  const json = async (path: string): Promise<Json> => {
    const res = await get(path);
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };

  beforeAll(async () => {
    api = await RegistryApiHarness.start('exports', {
      INSYN_PUBLIC_URL: 'https://insyn.example.se',
    });
    const tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    ids.algorithm = await setup.published(
      EntryKind.ALGORITHM,
      'Risk triage för försörjningsstöd',
      'A',
      // A Swedish law's address holds å, ä or ö: an IRI, which the Dutch schema's `uri` is not.
      {
        legalBasis: [
          { title: 'Förvaltningslag', link: 'https://sv.wikipedia.org/wiki/Förvaltningslagen' },
        ],
      },
    );
    ids.dataset = await setup.published(EntryKind.DATASET, 'Ansökningar om försörjningsstöd');
    ids.iot = await setup.published(EntryKind.IOT_DEPLOYMENT, 'Gångtrafikräknare Götgatan');
    ids.noStart = await setup.published(EntryKind.ALGORITHM, 'Utan startdatum', 'B', {
      lifecycle: { stage: LifecycleStage.PLANNED },
    });
    ids.retired = await setup.published(EntryKind.DATASET, 'Gammalt dataset', 'B');
    await setup.retire(ids.retired);
    ids.draft = await setup.draft(EntryKind.ALGORITHM, 'Hemligt utkast');
    // A published entry with a pending draft: the export shows version 1, never the draft.
    await setup.edit(ids.algorithm, EntryKind.ALGORITHM, { summary: 'UTKASTTEXT i version två' });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('lists every export with its URL', async () => {
    const { exports } = await json('/exports');
    expect(exports.map((e: Json) => e.file)).toEqual(EXPORT_FORMATS.map((f) => f.file));
    expect(exports[0].url).toBe('https://insyn.example.se/exports/entries.json');
  });

  it('entries.json: every published entry (retired included), never a draft', async () => {
    const doc = await json('/exports/entries.json');
    const byId = new Map<string, Json>(doc.entries.map((e: Json) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual(
      [ids.algorithm, ids.dataset, ids.iot, ids.noStart, ids.retired].sort(),
    );
    const algorithm = byId.get(ids.algorithm)!;
    expect(algorithm).toMatchObject({
      url: `https://insyn.example.se/entries/${algorithm.slug}`,
      kind: 'ALGORITHM',
      status: 'PUBLISHED',
      version: 1,
      department: { slug: 'department-a' },
    });
    expect(byId.get(ids.retired)!.status).toBe('RETIRED');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('UTKASTTEXT');
    expect(text).not.toContain('Hemligt utkast');
    // The fixture withholds suppliers.orgNumber: absent, and said to be withheld.
    expect(text).not.toContain('556000-0000');
    expect(algorithm.content.withheld).toEqual([
      expect.objectContaining({ field: 'suppliers.orgNumber' }),
    ]);
  });

  it('entries.csv: UTF-8 with a BOM, the documented columns, one row per entry', async () => {
    const res = await get('/exports/entries.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(6);
    const row = rows.find((r) => r[0] === ids.algorithm)!;
    expect(row[CSV_COLUMNS.indexOf('title')]).toBe('Risk triage för försörjningsstöd');
    expect(row[CSV_COLUMNS.indexOf('version')]).toBe('1');
    expect(bytes.toString('utf8')).not.toContain('556000-0000');
  });

  it('history.json: every published version of each entry', async () => {
    await setup.edit(ids.iot, EntryKind.IOT_DEPLOYMENT, { summary: 'Version två av räknaren.' });
    await setup.publish(ids.iot);
    const doc = await json('/exports/history.json');
    const iot = doc.entries.find((e: Json) => e.id === ids.iot);
    expect(iot.versions.map((v: Json) => v.version)).toEqual([1, 2]);
    expect(iot.versions[1].content.summary).toBe('Version två av räknaren.');
    expect(JSON.stringify(doc)).not.toContain('UTKASTTEXT');
  });

  it('atrs.json and algostd.json: algorithms only, every attribute of the standard', async () => {
    const atrs = await json('/exports/atrs.json');
    expect(atrs.records.map((r: Json) => r.entryId).sort()).toEqual(
      [ids.algorithm, ids.noStart].sort(),
    );
    const record = atrs.records.find((r: Json) => r.entryId === ids.algorithm);
    expect(Object.keys(record.record).sort()).toEqual(Object.values(ATRS_CATEGORIES).sort());
    expect(record.record.owner_and_responsibility.companies_house_number).toBe(
      `Withheld: OSL 31:16 (business secret) (until ${FIXTURE_WITHHELD_UNTIL})`,
    );
    expect(record.unfilled.length).toBeGreaterThan(0);
    const algostd = await json('/exports/algostd.json');
    expect(algostd.standardVersion).toBe('0.3.1');
    expect(algostd.records.find((r: Json) => r.entryId === ids.algorithm).record.name).toBe(
      'Risk triage för försörjningsstöd',
    );
  });

  it('nl-algoritmeregister.json: every record valid against the Dutch JSON Schema, the others named', async () => {
    const doc = await json('/exports/nl-algoritmeregister.json');
    expect(doc.records.map((r: Json) => r.entryId)).toEqual([ids.algorithm]);
    for (const r of doc.records) expect(nlSchemaProblems(r.record)).toEqual([]);
    expect(doc.records[0].record.legal_basis_link).toBe(
      'https://sv.wikipedia.org/wiki/F%C3%B6rvaltningslagen',
    );
    expect(doc.skipped).toEqual([
      expect.objectContaining({
        entryId: ids.noStart,
        problems: [expect.stringMatching(/^start_date/)],
      }),
    ]);
    expect(doc.skippedSummary).toEqual({
      entries: 1,
      listed: 1,
      problems: [{ problem: doc.skipped[0].problems[0], entries: 1 }],
      otherProblems: 0,
    });
  });

  it('dcat-ap.jsonld: datasets, no violation of the DCAT-AP mandatory and range shapes', async () => {
    const res = await get('/exports/dcat-ap.jsonld');
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const text = await res.text();
    const doc = JSON.parse(text) as Json;
    expect(doc.dataset).toHaveLength(2);
    const store = await jsonLdToStore(text, DCAT_AP_CONTEXT);
    expect((await dcatMandatoryFindings(store)).filter((f) => f.severity === 'Violation')).toEqual(
      [],
    );
    // Recommended properties Insyn lacks are warnings, reported and named in gaps.json.
    expect((await dcatRecommendedFindings(store)).every((f) => f.severity === 'Warning')).toBe(
      true,
    );
  });

  it('iot-deployments.geojson: a feature per location', async () => {
    const doc = await json('/exports/iot-deployments.geojson');
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features.map((f: Json) => f.geometry.type)).toEqual(['Point', 'Polygon']);
    expect(doc.features[0].properties.entryId).toBe(ids.iot);
  });

  it('reads and exports an area stored before the rule on simple polygons, as stored, never failing', async () => {
    const db = api.app.get(DataSource);
    const version = `(SELECT published_version_id FROM entry WHERE id = $1)`;
    const [{ content }] = await db.query(
      `SELECT content FROM entry_version WHERE id = ${version}`,
      [ids.iot],
    );
    // An asymmetric bow-tie across the antimeridian, with a hole outside it: refused today.
    const bowTie = [
      [179, 0],
      [-179, 2],
      [-179, 0],
      [179, 1],
      [179, 0],
    ];
    const area = {
      type: 'Polygon',
      coordinates: [
        bowTie,
        [
          [5, 5],
          [5, 6],
          [6, 6],
          [5, 5],
        ],
      ],
    };
    const stored = {
      ...content,
      iotDeployment: { ...content.iotDeployment, locations: [{ description: 'Gammal', area }] },
    };
    await db.query(`UPDATE entry_version SET content = $2 WHERE id = ${version}`, [
      ids.iot,
      stored,
    ]);
    try {
      const doc = await json('/exports/iot-deployments.geojson');
      const feature = doc.features.find((f: Json) => f.properties.entryId === ids.iot);
      expect(feature.geometry.type).toBe('Polygon');
      expect(feature.geometry.coordinates).toHaveLength(2);
      const [{ slug }] = await db.query(`SELECT slug FROM entry WHERE id = $1`, [ids.iot]);
      for (const path of [
        '/sv/map/iot-deployments.geojson',
        '/sv/map',
        `/sv/entries/${slug}`,
        '/exports/entries.csv',
      ])
        expect((await get(path)).status).toBe(200);
    } finally {
      await db.query(`UPDATE entry_version SET content = $2 WHERE id = ${version}`, [
        ids.iot,
        content,
      ]);
    }
  });

  it('gaps.json: per entry and standard, what could not be filled', async () => {
    const doc = await json('/exports/gaps.json');
    const algorithm = doc.entries.find((e: Json) => e.entryId === ids.algorithm);
    expect(Object.keys(algorithm.standards)).toEqual(['atrs', 'algostd', 'nl']);
    expect(algorithm.standards.nl.unfilled).toContainEqual(
      expect.objectContaining({ field: 'data' }),
    );
    expect(
      doc.entries.find((e: Json) => e.entryId === ids.dataset).standards['dcat-ap'],
    ).toBeDefined();
  });

  it('is the same, byte for byte, whatever the page size', async () => {
    const service = api.app.get(ExportsService);
    for (const format of EXPORT_FORMATS) {
      // Bytes, not text: a decoder would drop the CSV's byte-order mark.
      const served = Buffer.from(await (await get(`/exports/${format.file}`)).arrayBuffer());
      let written = '';
      await service.write(format, async (chunk) => void (written += chunk), { pageSize: 2 });
      expect({ file: format.file, same: Buffer.from(written).equals(served) }).toEqual({
        file: format.file,
        same: true,
      });
    }
  });

  it('history.json holds a bounded number of versions at once, whatever one entry has', async () => {
    for (const n of [2, 3, 4]) {
      await setup.edit(ids.dataset, EntryKind.DATASET, { summary: `Version ${n}.` });
      await setup.publish(ids.dataset);
    }
    const history = exportFormat('history')!;
    const served = Buffer.from(await (await get('/exports/history.json')).arrayBuffer());
    const slices = jest.spyOn(EntryHistoryRepository.prototype, 'publishedHistorySlice');
    const whole = jest.spyOn(EntryHistoryRepository.prototype, 'publishedHistories');
    try {
      let written = '';
      await api.app.get(ExportsService).write(history, async (chunk) => void (written += chunk), {
        pageSize: 3,
        versionBudget: 2,
      });
      expect(Buffer.from(written).equals(served)).toBe(true);
      const doc = JSON.parse(written) as Json;
      expect(
        doc.entries.find((e: Json) => e.id === ids.dataset).versions.map((v: Json) => v.version),
      ).toEqual([1, 2, 3, 4]);
      // Read in slices of at most two versions; never an entry's (or a page's) whole history.
      expect(slices).toHaveBeenCalled();
      for (const result of slices.mock.results)
        expect((await result.value).length).toBeLessThanOrEqual(2);
      expect(whole).not.toHaveBeenCalled();
    } finally {
      slices.mockRestore();
      whole.mockRestore();
    }
  });

  it('is cacheable: ETag and Last-Modified, 304 when unchanged, new validators after a publication', async () => {
    // Last-Modified is given once the last change's second is over (see below).
    await settled();
    const first = await get('/exports/entries.csv');
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(lastModified).toMatch(/ GMT$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    // Open data for tools on any site: readable cross-origin, validators included.
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('access-control-expose-headers')).toBe(
      'ETag, Last-Modified, Content-Disposition',
    );
    expect(first.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await get('/exports')).headers.get('access-control-allow-origin')).toBe('*');
    // A script's preflight for its own validators is answered.
    const preflight = await fetch(`${api.baseUrl}/exports/entries.csv`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://portal.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect((await get('/exports/entries.csv', { 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/exports/entries.csv', { 'If-Modified-Since': lastModified })).status).toBe(
      304,
    );
    const head = await fetch(`${api.baseUrl}/exports/entries.csv`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);

    await setup.publish(ids.algorithm);
    const after = await get('/exports/entries.csv', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toContain('UTKASTTEXT i version två');
  });

  const head = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.baseUrl}/exports/entries.json`, { method: 'HEAD', headers });
    const header = res.headers.get('last-modified');
    return {
      status: res.status,
      etag: res.headers.get('etag')!,
      lastModified: header === null ? null : new Date(header),
    };
  };
  /** The validators once the last change's second is over (Last-Modified is given only then). */
  const settled = async () =>
    (
      await eventually(head, (h) => h.lastModified !== null, {
        what: "Last-Modified, once the last change's second is over",
      })
    ).value;

  it('gives Last-Modified only once its second is over: a change in the same second is never answered 304', async () => {
    const clock = api.app.get(RegistryClock);
    const known = await settled();
    const [{ changed }] = (await api.app
      .get(DataSource)
      .query(
        `SELECT max(greatest(last_published_at, retired_at)) AS changed FROM entry WHERE published_version_id IS NOT NULL`,
      )) as { changed: Date }[];
    const second = Math.floor(changed.getTime() / 1000) * 1000;
    expect(known.lastModified).toEqual(new Date(second));
    const moved = jest.spyOn(clock, 'now');
    try {
      // Still the second of the last change: another may follow in it, with the same HTTP-date.
      moved.mockReturnValue(new Date(second + 999));
      const within = await head({ 'If-Modified-Since': known.lastModified!.toUTCString() });
      expect({ status: within.status, lastModified: within.lastModified }).toEqual({
        status: 200,
        lastModified: null,
      });
      expect(within.etag).toBe(known.etag);
      // Once it is over, a later change has a later date: the date validates.
      moved.mockReturnValue(new Date(second + 1000));
      const after = await head({ 'If-Modified-Since': known.lastModified!.toUTCString() });
      expect(after.status).toBe(304);
    } finally {
      moved.mockRestore();
    }
  });

  it('has new validators after a retirement, and on the day a withholding ends (Last-Modified that day)', async () => {
    const before = await settled();
    const retiredAt = new Date();
    await setup.retire(ids.dataset);
    // The ETag changes at once; Last-Modified once the retirement's second is over.
    expect((await head()).etag).not.toBe(before.etag);
    const retired = await settled();
    expect(retired.etag).not.toBe(before.etag);
    expect(retired.lastModified!.getTime()).toBeGreaterThanOrEqual(
      Math.floor(retiredAt.getTime() / 1000) * 1000,
    );

    // A field withheld until tomorrow becomes public the day after: the export changes then.
    const clock = api.app.get(RegistryClock);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
    const until = isoDay(day(1));
    ids.withheld = await setup.published(EntryKind.ALGORITHM, 'Tillfälligt hemlig', 'A', {
      withheld: [{ field: 'accountability', legalGround: 'OSL 18:8', until }],
    });
    const published = await settled();
    const moved = jest.spyOn(clock, 'now');
    try {
      moved.mockReturnValue(day(1)); // the last day withheld: nothing new since the publication
      expect((await head()).lastModified).toEqual(published.lastModified);
      moved.mockReturnValue(day(2)); // public from the start of this day
      const ended = await head();
      expect(ended.lastModified).toEqual(new Date(`${isoDay(day(2))}T00:00:00.000Z`));
      expect(ended.etag).not.toBe(published.etag);
      const res = await get('/exports/entries.json', {
        'If-Modified-Since': published.lastModified!.toUTCString(),
      });
      expect(res.status).toBe(200);
      const doc = (await res.json()) as Json;
      expect(doc.entries.find((e: Json) => e.id === ids.withheld).content.withheld).toEqual([]);
    } finally {
      moved.mockRestore();
    }
  });

  it('entries.csv: text a spreadsheet would run as a formula is prefixed with an apostrophe; entries.json keeps it exact', async () => {
    const formula = {
      title: '=HYPERLINK("http://evil.example","Klicka här")',
      summary: '@SUM(1+1)*cmd|" /C calc"!A0',
      purpose: '-2+3+cmd|" /C calc"!A0',
      responsibleTeam: '+1+1',
    };
    ids.formula = await setup.published(EntryKind.ALGORITHM, formula.title, 'A', {
      summary: formula.summary,
      purpose: formula.purpose,
      responsibleTeam: formula.responsibleTeam,
    });

    const text = await (await get('/exports/entries.csv')).text();
    const row = (parse(text, { bom: true }) as string[][]).find((r) => r[0] === ids.formula)!;
    const cell = (column: string) => row[CSV_COLUMNS.indexOf(column)];
    expect(cell('title')).toBe(`'${formula.title}`);
    expect(cell('summary')).toBe(`'${formula.summary}`);
    expect(cell('purpose')).toBe(`'${formula.purpose}`);
    expect(cell('responsibleTeam')).toBe(`'${formula.responsibleTeam}`);
    expect(cell('contact.phone')).toBe("'+46 8 508 000 00");
    // No line of the file has a cell that starts a formula, quoted or not.
    expect(text).not.toMatch(/(^|,)"?[=+\-@]/m);

    const doc = await json('/exports/entries.json');
    const entry = doc.entries.find((e: Json) => e.id === ids.formula);
    expect(entry.content).toMatchObject({
      ...formula,
      contact: expect.objectContaining({ phone: '+46 8 508 000 00' }),
    });
  });

  it('links: one between two published entries is in the open data and fills the standards; one to a draft is in none; linking and unlinking change the validators', async () => {
    const before = await settled();
    ids.draftDataset = await setup.draft(EntryKind.DATASET, 'Hemliga datasetutkastet');
    await setup.link(ids.algorithm, ids.draftDataset, RelationType.USES_DATASET);
    await setup.link(ids.draft, ids.dataset, RelationType.USES_DATASET);
    // A link to or from a draft is no public change: the same validators.
    expect((await head()).etag).toBe(before.etag);
    await setup.link(ids.algorithm, ids.dataset, RelationType.USES_DATASET);
    await setup.link(ids.algorithm, ids.iot, RelationType.FED_BY_DEPLOYMENT);
    const linked = await settled();
    expect(linked.etag).not.toBe(before.etag);
    expect(linked.lastModified!.getTime()).toBeGreaterThan(before.lastModified!.getTime());

    const secret = (text: string) => {
      expect(text).not.toContain('Hemliga datasetutkastet');
      expect(text).not.toContain(ids.draftDataset);
      expect(text).not.toContain(ids.draft);
    };
    const doc = await json('/exports/entries.json');
    secret(JSON.stringify(doc));
    const byId = new Map<string, Json>(doc.entries.map((e: Json) => [e.id, e]));
    const dataset = byId.get(ids.dataset)!;
    const iot = byId.get(ids.iot)!;
    const algorithm = byId.get(ids.algorithm)!;
    expect(algorithm.relations).toEqual([
      {
        type: 'USES_DATASET',
        entryId: ids.dataset,
        slug: dataset.slug,
        url: dataset.url,
        since: expect.any(String),
      },
      {
        type: 'FED_BY_DEPLOYMENT',
        entryId: ids.iot,
        slug: iot.slug,
        url: iot.url,
        since: expect.any(String),
      },
    ]);
    // Both ends were public when linked: the link's own time, after both publications.
    expect(Date.parse(algorithm.relations[0].since)).toBeGreaterThan(
      Date.parse(dataset.firstPublishedAt),
    );
    // Outgoing links only: the dataset's incoming one is the algorithm's.
    expect(dataset.relations).toEqual([]);

    const history = await json('/exports/history.json');
    secret(JSON.stringify(history));
    expect(history.entries.find((e: Json) => e.id === ids.algorithm).relations).toEqual(
      algorithm.relations,
    );

    const csvText = await (await get('/exports/entries.csv')).text();
    secret(csvText);
    const row = (parse(csvText, { bom: true }) as string[][]).find((r) => r[0] === ids.algorithm)!;
    expect(JSON.parse(row[CSV_COLUMNS.indexOf('relations')])).toEqual([
      { type: 'USES_DATASET', slug: dataset.slug, entryId: ids.dataset },
      { type: 'FED_BY_DEPLOYMENT', slug: iot.slug, entryId: ids.iot },
    ]);

    const title = dataset.content.title as string;
    const algostd = await json('/exports/algostd.json');
    secret(JSON.stringify(algostd));
    const algostdRecord = algostd.records.find((r: Json) => r.entryId === ids.algorithm).record;
    expect(algostdRecord.source_data).toBe(`${title} (${dataset.url})`);
    expect(algostdRecord.connected_data_sources).toBe(
      `Uses dataset: ${title} (${dataset.url}). Fed by IoT deployment: ${iot.content.title} (${iot.url}).`,
    );
    expect(algostdRecord.lang).toBe('sv');

    const nl = await json('/exports/nl-algoritmeregister.json');
    secret(JSON.stringify(nl));
    const nlRecord = nl.records.find((r: Json) => r.entryId === ids.algorithm);
    expect(nlRecord.contentLanguage).toBe('swe');
    expect(nlRecord.record).toMatchObject({
      data: expect.stringContaining(`Uses dataset: ${title}`),
      data_source_title: title,
      data_source_link: dataset.url,
      language: 'nld',
    });
    expect(nlSchemaProblems(nlRecord.record)).toEqual([]);

    const atrs = await json('/exports/atrs.json');
    secret(JSON.stringify(atrs));
    const atrsRecord = atrs.records.find((r: Json) => r.entryId === ids.algorithm).record;
    expect(atrsRecord.data_specification).toMatchObject({
      source_data_name: title,
      source_data_url: dataset.url,
    });

    const dcatText = await (await get('/exports/dcat-ap.jsonld')).text();
    secret(dcatText);
    const dcat = JSON.parse(dcatText) as Json;
    const node = dcat.dataset.find((d: Json) => d['@id'] === `${dataset.url}#dataset`);
    expect(node.relatedResource).toEqual([{ '@id': algorithm.url }]);
    const findings = await dcatMandatoryFindings(await jsonLdToStore(dcatText, DCAT_AP_CONTEXT));
    expect(findings.filter((f) => f.severity === 'Violation')).toEqual([]);

    // Unlinked: gone from the files, with new validators.
    await setup.unlink(ids.algorithm, ids.iot, RelationType.FED_BY_DEPLOYMENT);
    const unlinked = await head();
    expect(unlinked.etag).not.toBe(linked.etag);
    const after = await json('/exports/entries.json');
    expect(
      after.entries.find((e: Json) => e.id === ids.algorithm).relations.map((r: Json) => r.type),
    ).toEqual(['USES_DATASET']);

    // The draft published: its link shows, public since the publication (not since it was made).
    await setup.publish(ids.draftDataset);
    const published = await json('/exports/entries.json');
    const now = new Map<string, Json>(published.entries.map((e: Json) => [e.id, e]));
    const made = now.get(ids.draftDataset)!;
    expect(now.get(ids.algorithm)!.relations).toContainEqual(
      expect.objectContaining({
        type: 'USES_DATASET',
        entryId: ids.draftDataset,
        since: made.firstPublishedAt,
      }),
    );
  });

  it('answers 404 for an export that does not exist', async () => {
    const res = await get('/exports/secrets.json');
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).message).toMatch(/entries\.json/);
  });
});
