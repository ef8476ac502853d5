import { readFile, stat } from 'node:fs/promises';
import { catalogueField, EntryKind, isEntryId, RelationType } from '@insyn/registry';
import { ImportDraft, LeftOut, TwoWayField } from '../mapping/two-way-field';
import { DuplicateKey, JsonPlace, MAX_DUPLICATE_KEYS, scanJson } from './json-scan';
import { utf8Problem } from './utf8-file';

/** One record of an import file, mapped (or not) to an entry's content. */
export interface ParsedRecord {
  /** Its place in the file, from 1. */
  index: number;
  /** Its id in the source register: what makes the import idempotent. */
  sourceId?: string;
  kind?: EntryKind;
  content?: Record<string, unknown>;
  leftOut: LeftOut[];
  notes: string[];
  /** Why the record cannot be imported; empty when it can. */
  problems: string[];
  /** The record as it stands in the file (its fingerprint decides whether it changed). */
  raw: unknown;
  /**
   * The record's own names in its file (its entry id and slug in the register it came from), by
   * which the links of the file's other records find the draft it becomes.
   */
  names?: { entryId?: string; slug?: string };
  /** Links to other entries, made once every record of the file is in (CSV `relations`). */
  links?: RecordLink[];
  /** Links of the record refused as read (a malformed cell or item), never tried. */
  linksNotMade?: LinkNotMade[];
}

/** A link a record holds: its type, and the entry it points to by its slug or id in the file. */
export interface RecordLink {
  type: RelationType;
  slug?: string;
  entryId?: string;
}

/** A link that was not made, and why. */
export interface LinkNotMade {
  /** The link as the report names it (`USES_DATASET parkering`), or the cell (`relations`). */
  link: string;
  reason: string;
}

/** One import format: how its files are read into records. */
export interface ImportFormat {
  name: string;
  description: string;
  /**
   * Catalogue paths the format writes. One the record leaves empty is cleared when the record
   * updates a draft it made before (the record says it has none).
   */
  carries: readonly string[];
  /** Records of the file, one by one; `total` is known up front for JSON files. */
  read(path: string): Promise<{ total?: number; records: AsyncIterable<ParsedRecord> }>;
}

/** Largest JSON import file read (a CSV is streamed whatever its size). */
export const MAX_JSON_IMPORT_BYTES = 256 * 1024 * 1024;

/** The records of a JSON import file: an export envelope, a list of records, or one record. */
export async function jsonRecords(path: string): Promise<JsonRecord[]> {
  // Its size before reading it: a larger file is not read into memory at all.
  if ((await stat(path)).size > MAX_JSON_IMPORT_BYTES)
    throw new Error(`the file is over ${MAX_JSON_IMPORT_BYTES / 1024 / 1024} MiB; split it`);
  const bytes = await readFile(path);
  const problem = utf8Problem(bytes);
  if (problem) throw new Error(problem);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the file's text (whatever the file was), and gives
    // no place for some errors. The scan says what is wrong and where, naming no more than a
    // character.
    const broken = scanJson(text).syntaxError;
    throw new Error(
      `the file is not JSON${broken ? `: ${broken.what} at ${placeText(broken.at)}` : ''}${looksLikeCsv(text) ? CSV_GIVEN_AS_JSON : ''}`,
    );
  }
  // `42`, `null`, `"text"`: no record at all, rather than one that fails for want of an id.
  if (!Array.isArray(doc) && !isRecord(doc))
    throw new Error(
      `the file holds ${doc === null ? 'null' : `a ${typeof doc}`}, not records: one record (a JSON object), a list of them, or an Insyn export`,
    );
  const items: unknown[] = Array.isArray(doc)
    ? doc
    : isRecord(doc) && Array.isArray(doc.records)
      ? doc.records
      : [doc];
  // A list of no records at all (`[1, 1, …]`) is no file of records either: refused as a whole,
  // as `42` is, rather than failing each of its items (8 million of them took 3.6 GB and minutes).
  if (items.length && !items.some(isRecord))
    throw new Error(
      `the file's list holds no records (its first item is ${jsonTypeOf(items[0])}): one record (a JSON object), a list of them, or an Insyn export`,
    );
  const scan = scanJson(text);
  // Past the scan's bound: the file as a whole is refused, never taken unchecked.
  if (scan.moreDuplicates)
    throw new Error(
      `the file names keys twice in one object more than ${MAX_DUPLICATE_KEYS.toLocaleString('en-US')} times; mend it and import it again`,
    );
  const twice = duplicatesByItem(doc, scan.duplicates);
  return items.map((item, i) => {
    // `[42, "x"]`: that item is no record, and says so (not "no id", as an empty one would).
    if (!isRecord(item))
      return {
        record: {},
        envelope: {},
        refused: [
          `(record): item ${i + 1} of the file is ${jsonTypeOf(item)}, not a record (a JSON object)`,
        ],
      };
    if (twice.has(i)) return { record: {}, envelope: {}, refused: twice.get(i) };
    const envelope = item;
    const record = isRecord(envelope.record) ? envelope.record : envelope;
    return { record, envelope: envelope === record ? {} : envelope };
  });
}

const CSV_GIVEN_AS_JSON =
  '. It looks like Insyn’s open-data CSV (its first line names the id and kind columns): import it with --format csv';

/** Whether a text's first line is the header of Insyn's open-data CSV (one format for another). */
function looksLikeCsv(text: string): boolean {
  const end = text.indexOf('\n');
  const cells = text
    .slice(0, Math.min(end === -1 ? text.length : end, 64 * 1024))
    .split(',')
    .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  return cells.includes('id') && cells.includes('kind');
}

/** One item of a JSON import file: the record, and the export envelope around it if any. */
export interface JsonRecord {
  record: Record<string, unknown>;
  envelope: Record<string, unknown>;
  /** Why the item is refused before it is read as a record (no JSON object, a key twice). */
  refused?: string[];
}

const jsonTypeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;

/** The record of a file's item refused as it stands (`JsonRecord.refused`): it fails, saying why. */
export const refusedItem = (index: number, kind: EntryKind, problems: string[]): ParsedRecord => ({
  index,
  kind,
  leftOut: [],
  notes: [],
  problems,
  raw: null,
});

const placeText = ({ line, column }: JsonPlace) => `line ${line}, column ${column}`;
const twiceText = (d: DuplicateKey) =>
  `named twice in one object (${placeText(d.at)}; first at ${placeText(d.first)}): JSON readers differ on which one counts, so say it once`;

/**
 * The keys a file's items name twice, as problems of the item's record, by the item's place in
 * the file (from 0). A key twice outside every item (an export's own `records`) fails the file.
 */
function duplicatesByItem(doc: unknown, duplicates: DuplicateKey[]): Map<number, string[]> {
  const byItem = new Map<number, string[]>();
  for (const d of duplicates) {
    const inItem = Array.isArray(doc)
      ? d.path
      : isRecord(doc) && Array.isArray(doc.records)
        ? d.path[0] === 'records' && d.path.length > 1
          ? d.path.slice(1)
          : undefined
        : [0, ...d.path];
    if (!inItem)
      throw new Error(
        `the file's key ${JSON.stringify([...d.path, d.key].join('.'))} is ${twiceText(d)}`,
      );
    const [index, ...path] = inItem as [number, ...(string | number)[]];
    // The field as the record names it: keys by name, list items counted from 1.
    const field = [...path, d.key].map((k) => (typeof k === 'number' ? String(k + 1) : k));
    const problems = byItem.get(index) ?? [];
    problems.push(`${field.join('.')}: ${twiceText(d)}`);
    byItem.set(index, problems);
  }
  return byItem;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a standard's two-way fields to a record: each attribute goes into the draft, or into
 * `leftOut` with the reason (withheld at the source, not imported, unknown to the standard).
 * A value the standard does not allow is a problem: the record fails with it.
 */
export function applyTwoWayFields(
  standard: string,
  fields: readonly TwoWayField[],
  record: Record<string, unknown>,
  withheld: ReadonlyMap<string, WithheldAttribute>,
  kind: EntryKind,
  /** The attribute that holds the record's source id: it is used, not left out. */
  idAttribute?: string,
): { draft: ImportDraft; problems: string[] } {
  const draft: ImportDraft = { content: {}, leftOut: [], notes: [] };
  const problems: string[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const [name, value] of Object.entries(record)) {
    if (value === null || value === undefined || value === '' || name === idAttribute) continue;
    const field = byName.get(name);
    if (!field) {
      draft.leftOut.push({ field: name, reason: `not an attribute of ${standard}` });
      continue;
    }
    const withheldBecause = withheldReason(name, value, withheld);
    if (withheldBecause) {
      draft.leftOut.push({ field: name, reason: withheldBecause });
      continue;
    }
    const partly = partlyWithheldNote(name, value, withheld);
    if (partly) draft.notes.push(partly);
    if (!field.toContent) {
      draft.leftOut.push({
        field: name,
        reason:
          field.from.length === 0
            ? (field.gap ?? 'describes the source register’s record; Insyn keeps its own')
            : 'Insyn builds this from several fields and cannot take it back apart',
      });
      continue;
    }
    // A number is not text: `name: 123` is refused, not read as the title "123". Nor is a list,
    // but where the field takes one, and then each of its items must be text.
    if (Array.isArray(value) && field.takesList) {
      const notText = value.findIndex((item) => typeof item !== 'string');
      if (notText !== -1) {
        problems.push(`${name}.${notText + 1}: must be text`);
        continue;
      }
    } else if (typeof value !== 'string') {
      problems.push(
        `${name}: must be text${Array.isArray(value) ? ', not a list' : field.takesList ? ' or a list of texts' : ''}`,
      );
      continue;
    }
    try {
      field.toContent(value, draft, kind);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  draft.leftOut.push(...withheldWithoutValue(record, withheld));
  return { draft, problems };
}

/**
 * The legal ground of an Insyn export's withheld notice standing where a value would be
 * (`Withheld: OSL 18:8`, `Withheld: … (until 2027-01-01)`, the Dutch file's `Niet openbaar: …`),
 * or undefined: the value itself, or every item of a list, is such a notice. Records taken out of
 * an export without its envelope still carry them; they are the exporter's words, not a value.
 */
export function withheldNoticeGround(value: unknown): string | undefined {
  const items = Array.isArray(value) ? value : [value];
  const grounds = items.map((item) =>
    typeof item === 'string' ? WITHHELD_NOTICE.exec(item.trim())?.[1] : undefined,
  );
  return grounds.length && grounds.every((g) => g !== undefined) ? grounds[0] : undefined;
}

/** The notices the ATRS, AlgoSTD and Dutch mappers write for a withheld field. */
const WITHHELD_NOTICE = /^(?:Withheld|Niet openbaar): (\S[\s\S]*)$/;

/** An attribute an Insyn export envelope names as withheld. */
export interface WithheldAttribute {
  /** The legal ground the export gave. */
  ground: string;
  /** What of the entry is withheld (`impactAssessments.type`), where the export said. */
  what?: string;
}

/** Whether an attribute's value says something: not empty, and not the export's notice. */
const holdsValue = (value: unknown): boolean =>
  value !== null &&
  value !== undefined &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  withheldNoticeGround(value) === undefined;

/**
 * Why a withheld attribute is left out: its envelope's ground, or its notice's. An attribute
 * the envelope names that still holds a value is not left out: the export withheld a part of it
 * (an assessment's type) and gave the rest (`partlyWithheldNote`).
 */
export function withheldReason(
  name: string,
  value: unknown,
  withheld: ReadonlyMap<string, WithheldAttribute>,
): string | undefined {
  const declared = withheld.get(name);
  if (declared !== undefined)
    return holdsValue(value) ? undefined : `withheld at the source (${declared.ground})`;
  const ground = withheldNoticeGround(value);
  return ground === undefined
    ? undefined
    : `withheld at the source (${ground}): the value is the export's notice, not a value`;
}

/** The note for an attribute imported though its envelope names it: a part of it was withheld. */
export function partlyWithheldNote(
  name: string,
  value: unknown,
  withheld: ReadonlyMap<string, WithheldAttribute>,
): string | undefined {
  const declared = withheld.get(name);
  if (!declared || !holdsValue(value)) return undefined;
  return `${name}: imported without what the source withheld of it (${declared.what ?? 'a part'}: ${declared.ground})`;
}

/**
 * The attributes the envelope names as withheld that the record leaves empty or out (a typed
 * value the export cannot replace with a notice): each is said to be withheld at the source, not
 * passed over as if the source had nothing.
 */
export function withheldWithoutValue(
  record: Record<string, unknown>,
  withheld: ReadonlyMap<string, WithheldAttribute>,
): { field: string; reason: string }[] {
  return [...withheld]
    .filter(([name]) => {
      const value = record[name];
      return value === null || value === undefined || value === '';
    })
    .map(([name, w]) => ({ field: name, reason: `withheld at the source (${w.ground})` }));
}

/** The withheld attributes an Insyn export envelope names, with their legal grounds. */
export function withheldOf(envelope: Record<string, unknown>): Map<string, WithheldAttribute> {
  const list = Array.isArray(envelope.withheld) ? envelope.withheld : [];
  return new Map(
    list
      .filter(isRecord)
      .filter((w) => typeof w.field === 'string')
      .map((w) => [
        w.field as string,
        {
          ground: String(w.legalGround ?? 'no ground given'),
          ...(typeof w.withheld === 'string' ? { what: w.withheld } : {}),
        },
      ]),
  );
}

/**
 * Source id of a record: its own id attribute, else the Insyn entry id of an export envelope.
 * A UUID in lower case, as RFC 9562 reads it: a tool that writes it in capitals names the same
 * record, which a second import must find again rather than make a second draft of.
 */
export function sourceIdOf(value: unknown, envelope: Record<string, unknown>): string | undefined {
  const id =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const found =
    id || (typeof envelope.entryId === 'string' && envelope.entryId ? envelope.entryId : '');
  if (!found) return undefined;
  // isEntryId: the one test of a UUID's text form.
  return isEntryId(found) ? found.toLowerCase() : found;
}

/** The paths that `into` names, each cut at its first list (a list is written whole). */
export function carriedPaths(fields: readonly TwoWayField[]): string[] {
  const paths = new Set<string>();
  for (const field of fields)
    for (const path of field.into ?? []) {
      const keys = path.split('.');
      const listAt = keys.findIndex(
        (_, i) => catalogueField(keys.slice(0, i + 1).join('.'))?.field.type === 'list',
      );
      paths.add(listAt === -1 ? path : keys.slice(0, listAt + 1).join('.'));
    }
  return [...paths];
}
