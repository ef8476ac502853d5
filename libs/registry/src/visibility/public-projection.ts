import { pathWithin, withheldAlong, withholdablePaths } from '../catalogue/catalogue-fields';
import { ENTRY_FIELDS } from '../catalogue/entry-field-catalogue';
import type { AnyField } from '../catalogue/field-descriptor';
import type { EntryContent, WithheldInformation } from '../entries/entry-content';
import { EntryKind } from '../entries/entry-enums';

/**
 * The top-level parts of each kind's content that a withholding may hide: the withholdable
 * roots, and the fields outside them that a withholding takes along (see publicViewNarrows).
 */
const HIDEABLE_ROOTS = new Map(
  Object.values(EntryKind).map((kind) => [
    kind,
    new Set(
      [
        ...withholdablePaths(kind),
        ...withheldAlong(kind, withholdablePaths(kind)).map((a) => a.path),
      ].map((path) => path.split('.')[0]),
    ),
  ]),
);

/**
 * A withholding notice as a public view of a version lists it. `byLaterVersion`: only in the view
 * of an earlier version, which did not withhold the field; a later one does, and its value stays
 * withheld in the history too. Never stored (the content's own list has no such notice).
 */
export interface WithheldNotice extends WithheldInformation {
  byLaterVersion?: true;
}

/**
 * Whether a withholding is in force on `day` (`YYYY-MM-DD`): one without `until` is for good;
 * one with `until` holds up to and including that date, and the field is public from the next day.
 */
export function withholdingInForce(withheld: WithheldInformation, day: string): boolean {
  return withheld.until === undefined || withheld.until === null || day <= withheld.until;
}

/**
 * The public view of a version's content on `day`: built field by field from the catalogue, so
 * only fields the catalogue knows for the kind pass, and every field withheld on that day is
 * left out together with everything below it (in each item of a list too), and so is every field
 * that would give it away (the catalogue's `withheldWith`, see `withheldAlong`). The withheld list
 * itself stays public, limited to the withholdings in force and with the fields withheld along
 * (on the ground and until the date of the one that brings them), so readers see "withheld because …".
 * `withheldNow`: withholdings in force today on the entry's published version, which hide the
 * same fields of an earlier version too (a value withheld from a later version on must not be
 * read in the history). Their notices are marked `byLaterVersion` there (and the fields they
 * bring along), since that version did not withhold them: the history tells what each version
 * declared. Drafts never reach this: only published versions are projected.
 */
export function publicContent(
  content: EntryContent,
  kind: EntryKind,
  day: string,
  withheldNow: readonly WithheldInformation[] = [],
): EntryContent {
  const own = (content.withheld ?? []).filter((w) => withholdingInForce(w, day));
  // Today's notices of fields this version withholds itself, or brings along with its own, are
  // this version's own notices (on its own terms); the rest are borrowed.
  const ownAlong = new Set(
    withheldAlong(
      kind,
      own.map((w) => w.field),
    ).map((a) => a.path),
  );
  const borrowed = withheldNow
    .filter((w) => !own.some((o) => o.field === w.field) && !ownAlong.has(w.field))
    .map((w): WithheldNotice => ({ ...w, byLaterVersion: true }));
  const declared: WithheldNotice[] = [...own, ...borrowed];
  // Fields that would give a withheld one away go with it, on the same ground and for as long.
  const along = withheldAlong(
    kind,
    declared.map((w) => w.field),
  ).map(({ path, because }): WithheldNotice => {
    const { legalGround, until, byLaterVersion } = declared.find((w) => w.field === because)!;
    return {
      field: path,
      legalGround,
      ...(until === undefined ? {} : { until }),
      ...(byLaterVersion ? { byLaterVersion } : {}),
    };
  });
  const inForce = [...declared, ...along];
  const hidden = new Set(inForce.map((w) => w.field));
  const projected = project(
    ENTRY_FIELDS as unknown as Record<string, AnyField>,
    content,
    '',
    kind,
    hidden,
  ) as unknown as EntryContent;
  if (content.withheld !== undefined || inForce.length)
    projected.withheld = structuredClone(inForce);
  return projected;
}

/**
 * The withholdings a public `withheld` list declares, without the notices `publicContent` added
 * for the fields withheld along with another (`withheldAlong`): a notice for a field that a listed
 * withholding of the entry's kind brings along, on the same legal ground and until the same date,
 * is that withholding, and is dropped (the registry refuses it as a second notice). One that
 * differs in ground or date is kept, and refused as before. So an export's own list (entries.csv's
 * `withheld` column) reads back as the withholdings that were declared.
 */
export function declaredWithholdings<W extends WithheldInformation>(
  kind: EntryKind,
  withheld: readonly W[],
): { declared: W[]; along: W[] } {
  const allowed = withholdablePaths(kind);
  const brings = (by: W, w: W) =>
    by !== w &&
    by.field !== w.field &&
    allowed.includes(by.field) &&
    withheldAlong(kind, [by.field]).some((a) => pathWithin(w.field, a.path));
  // Only a withholding that nothing else on the list brings along can bring others (a chain is
  // followed through by withheldAlong itself); two that would bring each other drop neither.
  const roots = withheld.filter((w) => !withheld.some((by) => brings(by, w)));
  const sameTerms = (a: W, b: W) =>
    a.legalGround === b.legalGround && (a.until ?? null) === (b.until ?? null);
  const isAlong = (w: W) => roots.some((root) => brings(root, w) && sameTerms(root, w));
  return { declared: withheld.filter((w) => !isAlong(w)), along: withheld.filter(isAlong) };
}

/**
 * Whether publishing `next` over `published` takes something from what the public may learn:
 * a part a department may withhold whose public view on `day` had a value and now has another
 * or none (withheld, removed or changed). Titles, summaries and the other parts that are never
 * withheld are not counted: they are public in every version.
 */
export function publicViewNarrows(
  published: EntryContent,
  next: EntryContent,
  kind: EntryKind,
  day: string,
): boolean {
  const before = publicContent(published, kind, day) as unknown as Record<string, unknown>;
  const after = publicContent(next, kind, day) as unknown as Record<string, unknown>;
  return [...HIDEABLE_ROOTS.get(kind)!].some(
    (root) =>
      before[root] !== undefined && JSON.stringify(before[root]) !== JSON.stringify(after[root]),
  );
}

/** The day after which the public view of this content next changes (a withholding ends), if any. */
export function nextPublicChange(content: EntryContent, day: string): string | null {
  const ends = (content.withheld ?? [])
    .filter((w) => w.until && w.until >= day)
    .map((w) => w.until!)
    .sort();
  return ends[0] ?? null;
}

function project(
  fields: Record<string, AnyField>,
  source: unknown,
  prefix: string,
  kind: EntryKind,
  hidden: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return out;
  for (const [name, field] of Object.entries(fields)) {
    const path = prefix + name;
    if (name === 'withheld' && prefix === '') continue; // set by the caller
    if (hidden.has(path) || (field.kinds && !field.kinds.includes(kind))) continue;
    const value = (source as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    out[name] = projectValue(field, value, path, kind, hidden);
  }
  return out;
}

function projectValue(
  field: AnyField,
  value: unknown,
  path: string,
  kind: EntryKind,
  hidden: Set<string>,
): unknown {
  if (field.type === 'object') return project(field.fields, value, `${path}.`, kind, hidden);
  if (field.type === 'list') {
    if (!Array.isArray(value)) return [];
    return value.map((item) => projectValue(field.of, item, path, kind, hidden));
  }
  return structuredClone(value);
}
