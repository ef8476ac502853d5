import { hasVisibleText } from '@insyn/errors';
import { blank, catalogueField, WithheldInformation } from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';

/**
 * One field of a target standard, and where Insyn fills it from. `from` names the catalogue paths
 * (libs/registry/src/catalogue) the value is built of, so that a withheld field is recognised and
 * a unit test can check every path exists; an empty `from` means Insyn has no such field, and
 * `gap` says why.
 */
export interface StandardField<V = unknown> {
  /** The standard's name for the field (attribute, key or column). */
  name: string;
  /** The standard asks for it (mandatory / required). */
  required?: boolean;
  /** Catalogue paths the value comes from ([] when Insyn holds nothing for it). */
  from: readonly string[];
  /** The value from the entry; undefined, null, '' or [] when the entry does not say. */
  value: (entry: ExportEntry) => V | undefined | null;
  /** Why Insyn cannot fill it, for fields with an empty `from` or a value Insyn lacks. */
  gap?: string;
  /**
   * The standard types the value (a URL, an e-mail address, a code list, a date): withheld, it is
   * left empty and listed under `withheld`, since the standard's way of saying so in text would
   * not be a value of its type (a consumer would refuse the record, or read the text as a link).
   */
  typed?: boolean;
}

/** A field the standard asks for that this entry could not fill, and why. */
export interface UnfilledField {
  field: string;
  reason: string;
}

/** A field of the standard left empty because the department withholds its source. */
export interface WithheldField {
  field: string;
  /** The withheld Insyn field (catalogue path). */
  withheld: string;
  legalGround: string;
  until?: string;
}

export interface MappedFields {
  values: Record<string, unknown>;
  unfilled: UnfilledField[];
  withheld: WithheldField[];
}

/** The withholding in force that covers this catalogue path (it or a field above it), if any. */
export function withholdingOf(entry: ExportEntry, path: string): WithheldInformation | undefined {
  return (entry.content.withheld ?? []).find(
    (w) => path === w.field || path.startsWith(`${w.field}.`),
  );
}

/** The withholdings in force of fields below this catalogue path (a part of what it holds). */
function withholdingsWithin(entry: ExportEntry, path: string): WithheldInformation[] {
  return (entry.content.withheld ?? []).filter((w) => w.field.startsWith(`${path}.`));
}

/**
 * Fills the standard's fields from an entry. A field whose value is blank and whose source, or a
 * part of it, is withheld gets `withheldValue` (the standard's way of saying so, or null; null
 * for a typed field) and is listed under `withheld`; a field that shows its source's other parts
 * (proxy variables beside withheld protected characteristics) is listed there too, so the
 * record says that a part of it is withheld, and why. A blank required field that nothing
 * withholds is listed under `unfilled` with its reason.
 */
export function mapFields(
  fields: readonly StandardField[],
  entry: ExportEntry,
  withheldValue: (w: WithheldInformation) => unknown = () => null,
): MappedFields {
  const values: Record<string, unknown> = {};
  const unfilled: UnfilledField[] = [];
  const withheld: WithheldField[] = [];
  const listed = (name: string, w: WithheldInformation) =>
    withheld.push({
      field: name,
      withheld: w.field,
      legalGround: w.legalGround,
      ...(w.until ? { until: w.until } : {}),
    });
  for (const field of fields) {
    const value = field.value(entry);
    // Withholdings of what the field is made of: of a source whole (one of several sources),
    // or of a part of one.
    const parts = [
      ...new Set([
        ...field.from.map((path) => withholdingOf(entry, path)).filter((w) => w !== undefined),
        ...field.from.flatMap((path) => withholdingsWithin(entry, path)),
      ]),
    ];
    if (!blank(value)) {
      values[field.name] = value;
      for (const w of parts) listed(field.name, w);
      continue;
    }
    // A withholding of a whole source first (parts begins with those), else of a part.
    const covering = parts[0];
    if (covering) {
      values[field.name] = field.typed ? null : withheldValue(covering);
      listed(field.name, covering);
      continue;
    }
    values[field.name] = null;
    if (field.required)
      unfilled.push({
        field: field.name,
        reason:
          field.from.length === 0
            ? (field.gap ?? 'Insyn has no field for this')
            : (field.gap ?? `the entry does not say (${field.from.join(', ')})`),
      });
  }
  return { values, unfilled, withheld };
}

/** Catalogue paths named by these fields that the catalogue does not have (for unit tests). */
export function unknownPaths(fields: readonly StandardField[]): string[] {
  return fields.flatMap((f) => f.from.filter((path) => catalogueField(path) === undefined));
}

/** Text parts joined by `separator`, blanks left out; undefined when nothing is left. */
export function joined(
  parts: readonly (string | number | undefined | null)[],
  separator = ' ',
): string | undefined {
  const kept = parts
    .filter((p) => p !== undefined && p !== null && hasVisibleText(String(p)))
    .map(String);
  return kept.length ? kept.join(separator) : undefined;
}

/** Drops undefined values and empty lists, so only what the entry holds is stated. */
export function compact(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** A moment's calendar day, `YYYY-MM-DD` (UTC). */
export function dayOf(moment: Date | null | undefined): string | undefined {
  return moment ? moment.toISOString().slice(0, 10) : undefined;
}

/** The inverse of a one-to-one map (for importers). */
export function inverse<K extends string, V extends string>(
  map: Partial<Record<K, V>>,
): Record<V, K> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<V, K>;
}
