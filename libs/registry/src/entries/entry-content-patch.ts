import { CATALOGUE_FIELDS } from '../catalogue/catalogue-fields';
import { EntryContent, GeoJsonGeometry } from './entry-content';
import { EntryKind } from './entry-enums';

/**
 * A change to an entry's content, at every level of nesting: a field given replaces the stored one,
 * `null` clears it, an absent field stays. Nested objects merge field by field; lists and GeoJSON
 * geometries are values and replace whole.
 */
export type EntryContentPatch = ContentPatch<EntryContent>;

type ContentPatch<T> = { [K in keyof T]?: PatchValue<T[K]> | null };
type PatchValue<V> = V extends readonly unknown[]
  ? V
  : V extends GeoJsonGeometry
    ? V
    : V extends object
      ? ContentPatch<V>
      : V;

/**
 * Paths of object-valued fields that are one value, not a record of fields: the catalogue's
 * GeoJSON geometries, replaced whole (merging two polygons' `coordinates` makes no sense). Those
 * inside a list (`iotDeployment.locations.area`) are replaced with their list anyway.
 */
export const WHOLE_VALUE_PATHS: ReadonlySet<string> = new Set(
  CATALOGUE_FIELDS.filter((f) => f.field.type === 'geojson').map((f) => f.path),
);

/** The kind-details field of each kind; a patch's details of another kind are ignored. */
const KIND_DETAILS: Record<EntryKind, keyof EntryContent> = {
  [EntryKind.ALGORITHM]: 'algorithm',
  [EntryKind.DATASET]: 'dataset',
  [EntryKind.IOT_DEPLOYMENT]: 'iotDeployment',
};

type Json = Record<string, unknown>;

/**
 * Applies a patch to stored content and returns the new content (the base is not changed).
 * Nested objects merge at every level: a given field replaces, `null` clears, an absent field
 * stays. Lists replace as a whole; so do the geometries of `WHOLE_VALUE_PATHS`. An object left with
 * no field is removed, as if cleared. Kind details of other kinds are ignored.
 */
export function applyPatch(
  base: EntryContent,
  patch: EntryContentPatch,
  kind: EntryKind,
): EntryContent {
  // Plain JSON: input class instances become plain objects and undefined fields disappear.
  const plain = JSON.parse(JSON.stringify(patch)) as Json;
  for (const details of Object.values(KIND_DETAILS)) {
    if (details !== KIND_DETAILS[kind]) delete plain[details];
  }
  return merge(structuredClone(base) as unknown as Json, plain, '') as unknown as EntryContent;
}

/**
 * Paths the patch sets or clears, down to the fields it names (`algorithm.riskClass`); a list or
 * a whole value counts as one field. For the audit log.
 */
export function patchedPaths(patch: EntryContentPatch): string[] {
  const paths: string[] = [];
  const walk = (value: Json, prefix: string) => {
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (isRecord(field) && !WHOLE_VALUE_PATHS.has(path) && Object.keys(field).length)
        walk(field, path);
      else paths.push(path);
    }
  };
  walk(JSON.parse(JSON.stringify(patch)) as Json, '');
  return paths;
}

function merge(base: Json, patch: Json, prefix: string): Json {
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null) {
      delete base[key];
    } else if (isRecord(value) && !WHOLE_VALUE_PATHS.has(path)) {
      const merged = merge(isRecord(base[key]) ? base[key] : {}, value, path);
      if (Object.keys(merged).length) base[key] = merged;
      else delete base[key];
    } else {
      base[key] = value;
    }
  }
  return base;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
