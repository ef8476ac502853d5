import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { CatalogueField, EntryKind } from '@insyn/registry';
import {
  CSV_CONTENT_FIELDS,
  CSV_IDENTITY_COLUMNS,
  isJsonColumn,
  restoreFormula,
} from '../mappers/csv.mapper';
import { setIn } from '../mapping/two-way-field';
import { ImportFormat, ParsedRecord } from './import-format';

const KINDS = Object.values(EntryKind) as string[];
const BY_COLUMN = new Map(CSV_CONTENT_FIELDS.map((f) => [f.path, f]));
const IDENTITY = new Set<string>(CSV_IDENTITY_COLUMNS);

/**
 * Insyn's open-data CSV (entries.csv, docs/open-data-columns.md) into drafts of each row's kind:
 * streamed row by row, so a large file is never held whole. The source id is the `id` column. A
 * text the export defused against formulas (`'=…`) is read back as it was (`=…`).
 */
export function csvImport(): ImportFormat {
  return {
    name: 'csv',
    description: 'Insyn open-data CSV (entries.csv)',
    carries: CSV_CONTENT_FIELDS.map((f) => f.path),
    read(path) {
      const parser = createReadStream(path).pipe(
        parse({ bom: true, columns: true, relax_column_count: false, skip_empty_lines: true }),
      );
      async function* records(): AsyncGenerator<ParsedRecord> {
        let index = 0;
        for await (const row of parser as AsyncIterable<Record<string, string>>) {
          index += 1;
          yield parseRow(index, row);
        }
      }
      return Promise.resolve({ records: records() });
    },
  };
}

function parseRow(index: number, row: Record<string, string>): ParsedRecord {
  const problems: string[] = [];
  const leftOut: ParsedRecord['leftOut'] = [];
  const content: Record<string, unknown> = {};
  const kind = row.kind?.trim();
  if (!KINDS.includes(kind))
    problems.push(`kind: must be one of ${KINDS.join(', ')} (not "${kind ?? ''}")`);
  const sourceId = row.id?.trim() || undefined;
  if (!sourceId)
    problems.push('id: the row has no id, so it cannot be imported again without a duplicate');
  let identity = false;
  for (const [column, cell] of Object.entries(row)) {
    if (column === 'id' || column === 'kind') continue;
    if (IDENTITY.has(column)) {
      identity ||= cell !== '';
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
  };
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
