import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
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
import { csvRecords } from './csv-records';
import {
  ImportFormat,
  isRecord,
  LinkNotMade,
  ParsedRecord,
  RecordLink,
  sourceIdOf,
} from './import-format';
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
      // UTF-16 little-endian with its BOM (Excel's "Unicode text") is decoded as such; anything
      // else must be UTF-8.
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
      // A row that is not valid CSV (a cell too many or too few, a stray or unclosed quote)
      // fails as its record, once, naming its line; the rows after it are read all the same.
      // The rows are read as the file streams in: a file of only bad rows is not held in memory.
      const rows = csvRecords(fileText(path, bom === 'little-endian' ? 'utf16le' : 'utf8'));
      async function* records(): AsyncGenerator<ParsedRecord> {
        let index = 0;
        let header: string[] | undefined;
        for await (const row of rows) {
          if (header === undefined) {
            if ('problem' in row)
              throw new Error(`the header (line ${row.line}) is not valid CSV: ${row.problem}`);
            const problem = csvHeaderProblem(row.cells);
            if (problem !== undefined) throw new Error(problem);
            header = row.cells;
            continue;
          }
          index += 1;
          if ('problem' in row) {
            yield {
              index,
              leftOut: [],
              notes: [],
              problems: [`line ${row.line}: not a valid CSV row: ${row.problem}`],
              raw: null,
            };
            continue;
          }
          const cells = row.cells;
          yield parseRow(index, Object.fromEntries(header.map((name, i) => [name, cells[i]])));
        }
        // An empty file, or one of empty lines.
        if (header === undefined) throw new Error(NO_HEADER);
      }
      return { records: records() };
    },
  };
}

const NO_HEADER =
  'the file is empty: an import of Insyn’s open-data CSV begins with its header (docs/open-data-columns.md)';

/**
 * What is wrong with a CSV header, or undefined. Without the `id` and `kind` columns no row can
 * be imported: the first line is no header (a file without one, whose first row was taken as
 * the header), or its cells are not separated by commas (one column named `id;kind;title`).
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
  // A row would keep the last of two columns of one name, silently.
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
  // The source withheld these: the file has no value for them. The draft keeps each withholding
  // (its notice), and the report names each, as the other formats' reports do.
  for (const w of Array.isArray(content.withheld) ? content.withheld : [])
    if (isRecord(w) && typeof w.field === 'string')
      leftOut.push({
        field: w.field,
        reason: `withheld at the source (${String(w.legalGround ?? 'no ground given')}); the draft keeps it withheld`,
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

/** The file's text, decoded as it is read (whole characters only). */
async function* fileText(path: string, encoding: 'utf8' | 'utf16le'): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding);
  for await (const bytes of createReadStream(path) as AsyncIterable<Buffer>) {
    const text = decoder.write(bytes);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
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
