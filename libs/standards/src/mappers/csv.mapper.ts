import { CATALOGUE_FIELDS, CatalogueField, valueAt } from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import { outgoingRelations } from './open-data.mapper';

/**
 * The open-data CSV: one row per published entry. The identity columns come first, then one
 * column per field of the catalogue that is not inside a list, named by its path
 * (`algorithm.riskClass`). Lists (of texts or of records) and GeoJSON geometries are JSON in
 * their cell. A withheld field's cell is empty; the `withheld` column says which fields are
 * withheld and why. The last column, `relations`, holds the entry's outgoing public links as JSON.
 * docs/open-data-columns.md documents every column (a test keeps it in step).
 */
export const CSV_IDENTITY_COLUMNS = [
  'id',
  'slug',
  'url',
  'kind',
  'status',
  'version',
  'department.slug',
  'department.nameSv',
  'department.nameEn',
  'firstPublishedAt',
  'publishedAt',
  'retiredAt',
  'retirementReason',
  'changeNote',
] as const;

/** Catalogue fields with a column of their own: leaves, lists and geometries outside lists. */
export const CSV_CONTENT_FIELDS: readonly CatalogueField[] = CATALOGUE_FIELDS.filter(
  (f) => !f.inList && f.field.type !== 'object',
);

/**
 * Columns after the content: the entry's outgoing public links, a JSON list of
 * `{"type","slug","entryId"}` (last, so that no column before it moves).
 */
export const CSV_LINK_COLUMNS = ['relations'] as const;

export const CSV_COLUMNS: readonly string[] = [
  ...CSV_IDENTITY_COLUMNS,
  ...CSV_CONTENT_FIELDS.map((f) => f.path),
  ...CSV_LINK_COLUMNS,
];

/** A content field's JSON-valued column (lists and geometries). */
export const isJsonColumn = (field: CatalogueField): boolean =>
  field.field.type === 'list' || field.field.type === 'geojson';

/** The cells of an entry's row, in CSV_COLUMNS order (empty string for nothing). */
export function toCsvRow(entry: ExportEntry): string[] {
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  const identity: Record<(typeof CSV_IDENTITY_COLUMNS)[number], string> = {
    id: entry.id,
    slug: entry.slug,
    url: entry.url,
    kind: entry.kind,
    status: entry.status,
    version: String(entry.version),
    'department.slug': entry.department.slug,
    'department.nameSv': entry.department.nameSv,
    'department.nameEn': entry.department.nameEn,
    firstPublishedAt: iso(entry.firstPublishedAt),
    publishedAt: iso(entry.publishedAt),
    retiredAt: iso(entry.retiredAt),
    retirementReason: entry.retirementReason ?? '',
    changeNote: entry.changeNote ?? '',
  };
  return [
    ...CSV_IDENTITY_COLUMNS.map((c) => identity[c]),
    ...CSV_CONTENT_FIELDS.map((field) => {
      const value = valueAt(entry.content, field.path);
      if (value === undefined || value === null) return '';
      if (isJsonColumn(field)) return JSON.stringify(value);
      return String(value);
    }),
    relationsCell(entry),
  ];
}

/** The `relations` cell: the outgoing public links as JSON, or nothing. */
function relationsCell(entry: ExportEntry): string {
  const links = outgoingRelations(entry);
  return links.length
    ? JSON.stringify(links.map((r) => ({ type: r.type, slug: r.slug, entryId: r.entryId })))
    : '';
}

/**
 * One CSV line (RFC 4180: quoted when needed, CRLF at the end), for every CSV Insyn writes (the
 * open data and the compliance report). Numbers are written as numbers, null as an empty cell,
 * and text through `defuseFormula` first.
 */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * One RFC 4180 cell: text defused (`defuseFormula`), then quoted when it holds a quote, comma or
 * line break, or starts or ends in space; a number as it is; null as nothing.
 */
export function csvCell(cell: string | number | null): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = defuseFormula(cell);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage
 * return, or their full-width forms (＝ ＋ － ＠), which spreadsheets set up for East Asian input
 * read as the ASCII ones.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * OWASP's advice against CSV injection: text that a spreadsheet would run as a formula gets a
 * leading apostrophe, which spreadsheets show as text and do not evaluate (`=HYPERLINK(…)` is
 * written `'=HYPERLINK(…)`, a phone number `+46 8 …` is written `'+46 8 …`). Text that already
 * starts with apostrophes before such a character gets one more, so `restoreFormula` gives every
 * text back exactly (the CSV import reads cells through it).
 */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text `defuseFormula` was given: the one apostrophe it added taken off again. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/** The byte-order mark that tells spreadsheets the file is UTF-8. */
export const UTF8_BOM = '\uFEFF';
