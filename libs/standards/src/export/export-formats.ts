import { EntryKind } from '@insyn/registry';
import { toAlgostd, ALGOSTD_VERSION } from '../mappers/algostd.mapper';
import { ATRS_VERSION, toAtrs } from '../mappers/atrs.mapper';
import { CSV_COLUMNS, csvLine, toCsvRow, UTF8_BOM } from '../mappers/csv.mapper';
import { dcatCatalogue, DCAT_AP_CONTEXT, toDcatDataset } from '../mappers/dcat-ap.mapper';
import { toGeoJsonFeatures } from '../mappers/geojson.mapper';
import {
  NL_CONTENT_LANGUAGE,
  NL_SCHEMA_VERSION,
  toNl,
} from '../mappers/nl-algoritmeregister.mapper';
import { toHistoryVersion, toOpenDataRecord } from '../mappers/open-data.mapper';
import { exportUrl, StandardsSettings } from '../standards-settings';
import { ExportEntry } from './export-entry';
import { ExportSink, writeJsonDocument } from './json-stream';
import { PublishedEntriesReader } from './published-entries.reader';
import { SKIPPED_LISTED, SkippedRecords } from './skipped-records';

/** What a format writes with. */
export interface ExportRun {
  reader: PublishedEntriesReader;
  settings: StandardsSettings;
  sink: ExportSink;
  lastModified: Date | null;
  /** Called after each page with the number of entries written so far. */
  progress: (entries: number) => void;
  /** Entries read per page (default EXPORT_PAGE_SIZE). */
  pageSize?: number;
  /** history.json: published versions read at once (default HISTORY_VERSION_BUDGET). */
  versionBudget?: number;
}

/** One export: its CLI name, the file it is served as, and how it is written. */
export interface ExportFormat {
  /** `cli export --format NAME`. */
  name: string;
  /** Served at `/exports/FILE`. */
  file: string;
  mediaType: string;
  description: string;
  /** The kinds it describes (all when absent). */
  kinds?: EntryKind[];
  write(run: ExportRun): Promise<void>;
}

/** Pages of the run's entries of the format's kinds, mapped, with progress counted. */
async function* mapped<T>(
  run: ExportRun,
  kinds: EntryKind[] | undefined,
  map: (entry: ExportEntry) => T[] | Promise<T[]>,
): AsyncGenerator<T[]> {
  let done = 0;
  for await (const page of run.reader.pages({ kinds, pageSize: run.pageSize })) {
    const out: T[] = [];
    for (const entry of page) out.push(...(await map(entry)));
    done += page.length;
    run.progress(done);
    yield out;
  }
}

const head = (run: ExportRun, file: string, extra: Record<string, unknown>) => ({
  ...extra,
  publisher: run.settings.organisationName,
  source: exportUrl(run.settings, file),
  lastModified: run.lastModified?.toISOString() ?? null,
});

const envelope = (entry: ExportEntry, rest: Record<string, unknown>) => ({
  entryId: entry.id,
  url: entry.url,
  status: entry.status,
  version: entry.version,
  ...rest,
});

/**
 * history.json: each entry with its published versions, written as their slices are read (at
 * most `versionBudget` versions at once), so an entry with very many versions is never held
 * whole. The same bytes as writeJsonDocument would write of the entries with all their versions.
 */
async function writeHistory(run: ExportRun): Promise<void> {
  const opening = JSON.stringify(
    head(run, 'history.json', { format: 'insyn-open-data-history', formatVersion: 1 }),
  ).slice(0, -1);
  await run.sink(`${opening},"entries":[`);
  let first = true;
  let done = 0;
  for await (const page of run.reader.pages({ pageSize: run.pageSize })) {
    let next = 0;
    let current: ExportEntry | undefined;
    let versions = 0;
    let out = '';
    const open = () => {
      if (current) out += ']}';
      current = page[next++];
      const {
        content: _content,
        version: _version,
        changeNote: _note,
        publishedAt: _at,
        ...identity
      } = toOpenDataRecord(current);
      // `{…,"versions":[` : the versions follow, then `]}`.
      out += `${first ? '\n' : ',\n'}${JSON.stringify({ ...identity, versions: [] }).slice(0, -2)}`;
      first = false;
      versions = 0;
    };
    for await (const slice of run.reader.historySlices(page, run.versionBudget)) {
      for (const version of slice) {
        while (current?.id !== version.id) {
          if (next >= page.length)
            throw new Error(`history.json: a version of ${version.id} outside its page's order`);
          open();
        }
        out += `${versions++ ? ',' : ''}${JSON.stringify(toHistoryVersion(version))}`;
      }
      await run.sink(out);
      out = '';
    }
    while (next < page.length) open();
    if (current) out += ']}';
    if (out) await run.sink(out);
    done += page.length;
    run.progress(done);
  }
  await run.sink('\n]}\n');
}

const ALGORITHMS = [EntryKind.ALGORITHM];

/** What each column of entries.csv holds (docs/open-data-columns.md), served beside the files. */
export const CSV_COLUMNS_FILE = 'entries-columns.md';
export const CSV_COLUMNS_PATH = `/exports/${CSV_COLUMNS_FILE}`;

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    name: 'json',
    file: 'entries.json',
    mediaType: 'application/json; charset=utf-8',
    description: 'Every published entry: identity, version, department and public content.',
    write: (run) =>
      writeJsonDocument(
        run.sink,
        head(run, 'entries.json', { format: 'insyn-open-data', formatVersion: 1 }),
        'entries',
        mapped(run, undefined, (e) => [toOpenDataRecord(e)]),
      ),
  },
  {
    name: 'csv',
    file: 'entries.csv',
    mediaType: 'text/csv; charset=utf-8',
    description: `Every published entry, one row each, UTF-8 with a BOM; what each column holds: ${CSV_COLUMNS_PATH}.`,
    async write(run) {
      await run.sink(UTF8_BOM + csvLine(CSV_COLUMNS));
      for await (const rows of mapped(run, undefined, (e) => [toCsvRow(e)]))
        if (rows.length) await run.sink(rows.map(csvLine).join(''));
    },
  },
  {
    name: 'history',
    file: 'history.json',
    mediaType: 'application/json; charset=utf-8',
    description: 'Every published entry with each of its published versions, oldest first.',
    write: (run) => writeHistory(run),
  },
  {
    name: 'atrs',
    file: 'atrs.json',
    mediaType: 'application/json; charset=utf-8',
    description:
      'Algorithms as UK Algorithmic Transparency Recording Standard v3.0 records (tiers 1 and 2).',
    kinds: ALGORITHMS,
    write: (run) =>
      writeJsonDocument(
        run.sink,
        head(run, 'atrs.json', {
          standard: 'UK Algorithmic Transparency Recording Standard',
          standardVersion: ATRS_VERSION,
        }),
        'records',
        mapped(run, ALGORITHMS, (e) => [envelope(e, { ...toAtrs(e, run.settings) })]),
      ),
  },
  {
    name: 'algostd',
    file: 'algostd.json',
    mediaType: 'application/json; charset=utf-8',
    description:
      'Algorithms as Eurocities Algorithmic Transparency Standard (AlgoSTD) v0.3.1 records.',
    kinds: ALGORITHMS,
    write: (run) =>
      writeJsonDocument(
        run.sink,
        head(run, 'algostd.json', {
          standard: 'Eurocities Algorithmic Transparency Standard',
          standardVersion: ALGOSTD_VERSION,
        }),
        'records',
        mapped(run, ALGORITHMS, (e) => {
          const { values, unfilled, withheld } = toAlgostd(e, run.settings);
          return [envelope(e, { record: values, unfilled, withheld })];
        }),
      ),
  },
  {
    name: 'nl',
    file: 'nl-algoritmeregister.json',
    mediaType: 'application/json; charset=utf-8',
    description: `Algorithms as records of the Dutch algorithm register publication standard v1.0 (each valid against its JSON Schema; the others counted in "skippedSummary" with their problems, the first ${SKIPPED_LISTED} listed under "skipped", every one in gaps.json).`,
    kinds: ALGORITHMS,
    async write(run) {
      // Counted as they come; only the first few are kept (gaps.json names every one).
      const skipped = new SkippedRecords<Record<string, unknown>>();
      await writeJsonDocument(
        run.sink,
        head(run, 'nl-algoritmeregister.json', {
          standard: 'Algoritmeregister Publicatiestandaard',
          standardVersion: NL_SCHEMA_VERSION,
        }),
        'records',
        mapped(run, ALGORITHMS, (e) => {
          const { record, unfilled, withheld, problems } = toNl(e, run.settings);
          if (problems.length) {
            skipped.add(envelope(e, { problems, unfilled }), problems);
            return [];
          }
          // The record's `language` may only be "nld": the texts' language beside it.
          return [
            envelope(e, { contentLanguage: NL_CONTENT_LANGUAGE, record, unfilled, withheld }),
          ];
        }),
        () => skipped.tail(),
      );
    },
  },
  {
    name: 'dcat-ap',
    file: 'dcat-ap.jsonld',
    mediaType: 'application/ld+json; charset=utf-8',
    description: 'Datasets as a DCAT-AP 3.0.1 catalogue (JSON-LD with the DCAT-AP context).',
    kinds: [EntryKind.DATASET],
    write: (run) =>
      writeJsonDocument(
        run.sink,
        { '@context': DCAT_AP_CONTEXT, ...dcatCatalogue(run.settings, run.lastModified) },
        'dataset',
        mapped(run, [EntryKind.DATASET], (e) => [toDcatDataset(e, run.settings).node]),
      ),
  },
  {
    name: 'geojson',
    file: 'iot-deployments.geojson',
    mediaType: 'application/geo+json; charset=utf-8',
    description: 'IoT deployments as a GeoJSON FeatureCollection: one feature per location.',
    kinds: [EntryKind.IOT_DEPLOYMENT],
    write: (run) =>
      writeJsonDocument(
        run.sink,
        { type: 'FeatureCollection', ...head(run, 'iot-deployments.geojson', {}) },
        'features',
        mapped(run, [EntryKind.IOT_DEPLOYMENT], (e) => toGeoJsonFeatures(e)),
      ),
  },
  {
    name: 'gaps',
    file: 'gaps.json',
    mediaType: 'application/json; charset=utf-8',
    description:
      'For each published entry and each standard of its kind: what the standard asks for that the entry does not fill, and what is withheld.',
    write: (run) =>
      writeJsonDocument(
        run.sink,
        head(run, 'gaps.json', { format: 'insyn-standards-gaps', formatVersion: 1 }),
        'entries',
        mapped(run, undefined, (e) => [
          {
            ...envelope(e, {}),
            title: e.content.title,
            kind: e.kind,
            standards: gapsOf(e, run.settings),
          },
        ]),
      ),
  },
];

/** What each standard of the entry's kind could not fill. */
function gapsOf(entry: ExportEntry, settings: StandardsSettings): Record<string, unknown> {
  switch (entry.kind) {
    case EntryKind.ALGORITHM: {
      const atrs = toAtrs(entry, settings);
      const algostd = toAlgostd(entry, settings);
      const nl = toNl(entry, settings);
      return {
        atrs: { unfilled: atrs.unfilled, withheld: atrs.withheld },
        algostd: { unfilled: algostd.unfilled, withheld: algostd.withheld },
        nl: { unfilled: nl.unfilled, withheld: nl.withheld, problems: nl.problems },
      };
    }
    case EntryKind.DATASET:
      return { 'dcat-ap': { unfilled: toDcatDataset(entry, settings).unfilled } };
    case EntryKind.IOT_DEPLOYMENT:
      return {
        geojson: { unfilled: toGeoJsonFeatures(entry)[0].properties.unfilled },
      };
  }
}

export function exportFormat(nameOrFile: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.name === nameOrFile || f.file === nameOrFile);
}
