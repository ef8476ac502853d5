import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { CatalogueField, EntryKind, isEntryId, isEntrySlug, RelationType } from '@insyn/registry';
import {
  CSV_COLUMNS,
  CSV_CONTENT_FIELDS,
  CSV_IDENTITY_COLUMNS,
  CSV_LINK_COLUMNS,
  isJsonColumn,
  restoreFormula,
} from '../mappers/csv.mapper';
import { setIn } from '../mapping/two-way-field';
import { ImportFormat, LinkNotMade, ParsedRecord, RecordLink, sourceIdOf } from './import-format';
import { assertUtf8File } from './utf8-file';

const KINDS = Object.values(EntryKind) as string[];
const BY_COLUMN = new Map(CSV_CONTENT_FIELDS.map((f) => [f.path, f]));
const IDENTITY = new Set<string>(CSV_IDENTITY_COLUMNS);
const LINKS = new Set<string>(CSV_LINK_COLUMNS);

/**
 * Insyn's open-data CSV (entries.csv, docs/open-data-columns.md) into drafts of each row's kind:
 * streamed row by row, so a large file is never held whole. The source id is the `id` column. A
 * text the export defused against formulas (`'=…`) is read back as it was (`=…`). The links
 * (`relations`) are read and checked here, and made by the import once every row is in
 * (StandardsImportService), so that a link to a later row finds its draft.
 */
export function csvImport(): ImportFormat {
  return {
    name: 'csv',
    description: 'Insyn open-data CSV (entries.csv)',
    carries: CSV_CONTENT_FIELDS.map((f) => f.path),
    async read(path) {
      // UTF-16 little-endian with its BOM (Excel's "Unicode text") is csv-parse's to decode, whole
      // characters only; anything else must be UTF-8.
      const bom = await utf16Bom(path);
      if (bom === 'big-endian')
        throw new Error(
          'the file is UTF-16 big-endian (it begins with the BOM FE FF); save it as UTF-8, or as UTF-16 little-endian',
        );
      if (bom === 'little-endian') {
        if ((await stat(path)).size % 2)
          throw new Error(
            'the file is UTF-16 (it begins with the BOM FF FE) and ends in half a character; save it again',
          );
      } else {
        await assertUtf8File(path);
        // Another format's file fails once, saying so, rather than row by row as bad CSV.
        if (await startsLikeJson(path)) throw new Error(JSON_GIVEN_AS_CSV);
      }
      // A row that is not valid CSV (a cell too many or too few, a stray quote) fails as its
      // record and the next rows go on: csv-parse skips it and says so here. A mark goes down the
      // stream in its place, so it is reported in file order as the stream is read, and the
      // stream's backpressure bounds what waits here (a file of only bad rows once piled up here
      // whole before its first row was reported).
      const skipped: { error: CsvError; offset: number }[] = [];
      // Where the record being parsed starts: the end of the header or of the last record, good
      // or skipped (csv-parse's own bytes_records is not that).
      let recordStart = 0;
      /** What is wrong with the header, which stops the import before any row. */
      let headerProblem: string | undefined;
      let header: string[] | undefined;
      const parser = createReadStream(path).pipe(
        parse({
          bom: true,
          columns: (names: string[]) => {
            recordStart = parser.info.bytes;
            header = names;
            headerProblem = csvHeaderProblem(names);
            return names;
          },
          relax_column_count: false,
          skip_empty_lines: true,
          skip_records_with_error: true,
          on_record: (record: Record<string, string>, context) => {
            recordStart = context.bytes;
            return record;
          },
          on_skip: (error) => {
            if (error) {
              skipped.push({ error, offset: recordStart });
              parser.push(SKIPPED);
            }
            recordStart = parser.info.bytes;
            return undefined;
          },
        }),
      );
      async function* records(): AsyncGenerator<ParsedRecord> {
        let index = 0;
        const lines = lineCounter(path);
        /** The first row skipped and not yet reported, as a failed record. */
        async function invalidRow(): Promise<ParsedRecord> {
          const { error, offset } = skipped.shift()!;
          index += 1;
          return {
            index,
            leftOut: [],
            notes: [],
            problems: [`line ${await lines.at(offset)}: not a valid CSV row: ${reasonOf(error)}`],
            raw: null,
          };
        }
        try {
          for await (const row of parser as AsyncIterable<
            Record<string, string> | typeof SKIPPED
          >) {
            if (headerProblem !== undefined) throw new Error(headerProblem);
            if (row === SKIPPED) {
              yield await invalidRow();
              continue;
            }
            index += 1;
            yield parseRow(index, row);
          }
          // A file of a header alone, or of one line that was no header (taken as one).
          if (headerProblem !== undefined) throw new Error(headerProblem);
          if (header === undefined) throw new Error(NO_HEADER);
        } catch (error) {
          if (!(error instanceof CsvError)) throw error;
          // The marks the failed stream still held.
          while (skipped.length) yield await invalidRow();
          throw new Error(
            `the file is not valid CSV at line ${await lines.at(recordStart)}: ${reasonOf(error)}`,
          );
        } finally {
          await lines.close();
        }
      }
      return { records: records() };
    },
  };
}

const NO_HEADER =
  'the file is empty: an import of Insyn’s open-data CSV begins with its header (docs/open-data-columns.md)';

/**
 * What is wrong with a CSV header, or undefined. Without the `id` and `kind` columns no row can
 * be imported: the first line is no header (a file without one, whose first row csv-parse took
 * as the header), or its cells are not separated by commas (one column named `id;kind;title`).
 * Every row would fail alike, each for want of an id; or, for a file of one row, none would, and
 * the import would say "0 records" and succeed.
 */
export function csvHeaderProblem(names: readonly string[]): string | undefined {
  // Before two cells alike: a first row of data often names a date twice (first published and
  // published), and "the header names the column "2024-05-01" twice" sends the reader astray.
  const missing = ['id', 'kind'].filter((column) => !names.includes(column));
  if (missing.length) {
    const first = names[0] ?? '';
    const shown = first.length > 60 ? `${first.slice(0, 60)}…` : first;
    const looksLikeData = names.some((name) => KINDS.includes(name.trim()));
    return (
      `the first line must be the header naming the columns (${CSV_COLUMNS.slice(0, 5).join(', ')}, … as docs/open-data-columns.md lists them), its cells separated by commas;` +
      (looksLikeData ? ' this one looks like a row of entries, with no header before it:' : '') +
      ` it has no ${missing.map((c) => `"${c}"`).join(' or ')} column (its first cell is ${JSON.stringify(shown)})`
    );
  }
  // csv-parse would keep the last of two columns of one name, silently.
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined)
    return `the header names the column ${JSON.stringify(twice)} twice; each column once`;
  return undefined;
}

function parseRow(index: number, row: Record<string, string>): ParsedRecord {
  const problems: string[] = [];
  const leftOut: ParsedRecord['leftOut'] = [];
  const content: Record<string, unknown> = {};
  const kind = row.kind?.trim();
  if (!KINDS.includes(kind))
    problems.push(`kind: must be one of ${KINDS.join(', ')} (not "${kind ?? ''}")`);
  // As the JSON importers read it: a UUID in any case is one record (stored in lower case).
  const sourceId = sourceIdOf(row.id, {});
  if (!sourceId)
    problems.push('id: the row has no id, so it cannot be imported again without a duplicate');
  let identity = false;
  let links: RecordLink[] = [];
  let linksNotMade: LinkNotMade[] = [];
  for (const [column, cell] of Object.entries(row)) {
    if (column === 'id' || column === 'kind') continue;
    if (IDENTITY.has(column)) {
      identity ||= cell !== '';
      continue;
    }
    if (LINKS.has(column)) {
      if (cell !== '') ({ links, notMade: linksNotMade } = parseRelationsCell(cell));
      continue;
    }
    const field = BY_COLUMN.get(column);
    if (!field) {
      if (cell !== '')
        leftOut.push({ field: column, reason: 'not a column of the Insyn open-data CSV' });
      continue;
    }
    if (cell === '') continue;
    try {
      setIn(content, column, cellValue(field, restoreFormula(cell)));
    } catch (error) {
      problems.push(`${column}: ${(error as Error).message}`);
    }
  }
  if (identity)
    leftOut.push({
      field: 'slug, url, status, version, department, dates',
      reason: 'the source register’s; the draft gets its own',
    });
  return {
    index,
    sourceId,
    kind: problems.some((p) => p.startsWith('kind:')) ? undefined : (kind as EntryKind),
    content,
    leftOut,
    notes: [],
    problems,
    raw: row,
    // As the links find their targets: an export's ids are UUIDs, compared in lower case.
    names: { entryId: sourceId, slug: row.slug?.trim() || undefined },
    links,
    linksNotMade,
  };
}

/** Most links one `relations` cell may hold (an entry's outgoing links are far fewer). */
export const MAX_CELL_LINKS = 100;
/** Longest `relations` cell read (a hundred links of the longest slug and an id fit). */
const MAX_RELATIONS_CELL = 64 * 1024;
const RELATION_TYPES = Object.values(RelationType) as string[];

/**
 * The links of a `relations` cell: a JSON list of at most MAX_CELL_LINKS items
 * `{"type","slug","entryId"}`, each of a known type and naming its target by a slug or an entry
 * id (a UUID) of the right shape (other keys are not read). A cell that is no such list gives no
 * link and says why; a bad item is left out, saying why, and the others stand. Never throws.
 */
export function parseRelationsCell(cell: string): {
  links: RecordLink[];
  notMade: LinkNotMade[];
} {
  const refused = (reason: string) => ({ links: [], notMade: [{ link: 'relations', reason }] });
  const shape = `must be a JSON list of at most ${MAX_CELL_LINKS} links {"type","slug","entryId"}`;
  if (cell.length > MAX_RELATIONS_CELL)
    return refused(
      `${shape} (the cell has ${cell.length} characters; at most ${MAX_RELATIONS_CELL})`,
    );
  let items: unknown;
  try {
    items = JSON.parse(cell);
  } catch {
    // Never the parser's message: it quotes the cell.
    return refused(`${shape}; the cell is not JSON`);
  }
  if (!Array.isArray(items)) return refused(`${shape}; the cell holds no list`);
  if (items.length > MAX_CELL_LINKS) return refused(`${shape}; the cell holds ${items.length}`);
  const links: RecordLink[] = [];
  const notMade: LinkNotMade[] = [];
  items.forEach((item: unknown, i) => {
    const link = `relations item ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      notMade.push({ link, reason: 'must be an object {"type","slug","entryId"}' });
      return;
    }
    const { type, slug, entryId } = item as Record<string, unknown>;
    const reasons: string[] = [];
    if (typeof type !== 'string' || !RELATION_TYPES.includes(type))
      reasons.push(`type must be one of ${RELATION_TYPES.join(', ')}`);
    if (slug !== undefined && (typeof slug !== 'string' || !isEntrySlug(slug)))
      reasons.push('slug must be an entry slug (lower-case letters, digits and "-", at most 200)');
    if (entryId !== undefined && (typeof entryId !== 'string' || !isEntryId(entryId)))
      reasons.push('entryId must be an entry id (a UUID)');
    if (slug === undefined && entryId === undefined)
      reasons.push('must name its target by slug or entryId');
    if (reasons.length) {
      notMade.push({ link, reason: reasons.join('; ') });
      return;
    }
    links.push({
      type: type as RelationType,
      ...(slug === undefined ? {} : { slug: slug as string }),
      ...(entryId === undefined ? {} : { entryId: (entryId as string).toLowerCase() }),
    });
  });
  return { links, notMade };
}

function cellValue(field: CatalogueField, cell: string): unknown {
  if (isJsonColumn(field)) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      throw new Error('must be JSON (a list or a GeoJSON geometry)');
    }
  }
  switch (field.field.type) {
    case 'int':
      if (!/^\d+$/.test(cell.trim())) throw new Error(`must be a whole number (not "${cell}")`);
      return Number(cell.trim());
    case 'number':
      if (Number.isNaN(Number(cell)) || cell.trim() === '')
        throw new Error(`must be a number (not "${cell}")`);
      return Number(cell);
    case 'boolean':
      if (cell !== 'true' && cell !== 'false')
        throw new Error(`must be true or false (not "${cell}")`);
      return cell === 'true';
    default:
      return cell;
  }
}

/**
 * csv-parse's message without its line: it counts a line break inside a quoted cell twice when it
 * is CRLF (as in our own export) and a lone CR as one, so its "line 5" may be line 4 of the file,
 * or past its end. The line is counted by lineAt instead.
 */
const reasonOf = (error: CsvError) => error.message.replace(/ (?:at|on) line \d+/, '');

/** What goes down the parser's stream in place of a row it skipped. */
const SKIPPED = Symbol('skipped CSV row');

/**
 * The line (from 1) on which the record starting at byte `offset` of the file begins: the line
 * breaks (LF) before it, and the empty lines skipped after it. The file is read forward once, as
 * each call names an offset at or after the last one's (the file's records in order): reading it
 * from its start for each bad row made a file of only bad rows take time by its size squared.
 */
function lineCounter(path: string): {
  at(offset: number): Promise<number>;
  close(): Promise<void>;
} {
  let chunks: AsyncIterator<Buffer> | undefined;
  let chunk: Buffer = Buffer.alloc(0);
  let pos = 0;
  let at = 0;
  let line = 1;
  return {
    async at(offset) {
      chunks ??= (createReadStream(path) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      for (;;) {
        for (; pos < chunk.length; pos++, at++) {
          const byte = chunk[pos];
          if (at >= offset && byte !== 0x0a && byte !== 0x0d) return line;
          if (byte === 0x0a) line += 1;
        }
        const next = await chunks.next();
        if (next.done) return line;
        [chunk, pos] = [next.value, 0];
      }
    },
    async close() {
      await chunks?.return?.();
    },
  };
}

const JSON_GIVEN_AS_CSV =
  'the file looks like JSON, not CSV (it begins with "{" or "["): a JSON file of AlgoSTD, ATRS or Dutch register records is imported with --format algostd, atrs or nl';

/** Whether a UTF-8 file's first character after its BOM and white space opens a JSON value. */
async function startsLikeJson(path: string): Promise<boolean> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    return /^\uFEFF?\s*[[{]/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

async function utf16Bom(path: string): Promise<'little-endian' | 'big-endian' | undefined> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2) return undefined;
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'little-endian';
    return buffer[0] === 0xfe && buffer[1] === 0xff ? 'big-endian' : undefined;
  } finally {
    await file.close();
  }
}
