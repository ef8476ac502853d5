import fc from 'fast-check';
import type { EntryContent } from '../entries/entry-content';
import { AiActClass, EntryKind } from '../entries/entry-enums';
import { publicContent } from '../visibility/public-projection';
import {
  CATALOGUE_FIELDS,
  catalogueField,
  fieldsWithheldAlong,
  pathWithin,
  withheldAlong,
} from './catalogue-fields';
import type { AnyField } from './field-descriptor';

const text = fc.constantFrom('', 'ja', 'Ett längre svar.');

/** Any content the catalogue can describe: every field optional, lists of 0–2 items. */
function arbitraryOf(field: AnyField): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'enum':
      return fc.constantFrom(...Object.values(field.values as object));
    case 'boolean':
      return fc.boolean();
    case 'int':
    case 'number':
      return fc.integer({ min: 0, max: 1000 });
    case 'geojson':
      return fc.constant({ type: 'Point', coordinates: [18.07, 59.33] });
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(field.fields).map(([k, f]) => [k, arbitraryOf(f)])),
        { requiredKeys: [] },
      );
    case 'list':
      return fc.array(arbitraryOf(field.of), { maxLength: 2 });
    default:
      return text;
  }
}
const ROOT: AnyField = {
  type: 'object',
  fields: Object.fromEntries(
    CATALOGUE_FIELDS.filter((f) => !f.path.includes('.')).map((f) => [f.path, f.field]),
  ),
};
const anyContent = arbitraryOf(ROOT).map((c) => ({
  title: 'T',
  summary: 'S',
  ...(c as object),
  withheld: [],
})) as fc.Arbitrary<EntryContent>;

/** The content, recording the path of every field read from it (lists as a whole). */
function recording(content: unknown, read: Set<string>, prefix = ''): unknown {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return content;
  return new Proxy(content, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof key !== 'string') return value;
      const path = prefix + key;
      read.add(path);
      return recording(value, read, `${path}.`);
    },
  });
}

const withholdable = (path: string, kind: EntryKind) =>
  catalogueField(path)?.withholdable === true && catalogueField(path)!.kinds.includes(kind);

describe('fields withheld along with others', () => {
  it('lists, for every field a publication rule reads, the withholdable ones it depends on', () => {
    fc.assert(
      fc.property(anyContent, fc.constantFrom(...Object.values(EntryKind)), (content, kind) => {
        for (const { path, field, kinds } of CATALOGUE_FIELDS) {
          const rule = field.publish;
          if (rule === undefined || rule === true || !rule.when || !kinds.includes(kind)) continue;
          const read = new Set<string>();
          rule.when(recording(content, read) as EntryContent, kind);
          for (const readPath of read) {
            if (!withholdable(readPath, kind) || pathWithin(path, readPath)) continue;
            // Whether the rule needs this field tells the reader about what it read. (A part
            // read on the way to its fields, `algorithm` for `algorithm.aiActClass`, is covered
            // by those fields.)
            const listed = (field.withheldWith ?? []).some(
              (w) => pathWithin(w, readPath) || pathWithin(readPath, w),
            );
            expect({ path, reads: readPath, listed }).toEqual({
              path,
              reads: readPath,
              listed: true,
            });
          }
        }
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('lists, for a field that stands in for another (orElse), the field it stands in for', () => {
    const standIns = CATALOGUE_FIELDS.flatMap(({ path, field }) =>
      field.publish && field.publish !== true && field.publish.orElse
        ? [{ instead: field.publish.orElse, of: path }]
        : [],
    );
    expect(standIns.length).toBeGreaterThanOrEqual(2);
    for (const { instead, of } of standIns)
      expect({ instead, withheldWith: catalogueField(instead)?.field.withheldWith }).toEqual({
        instead,
        withheldWith: expect.arrayContaining([of]),
      });
  });

  it('names only fields that exist and that a department may withhold', () => {
    for (const { path, field, kinds } of CATALOGUE_FIELDS)
      for (const other of field.withheldWith ?? []) {
        expect({ path, other, known: catalogueField(other) !== undefined }).toEqual({
          path,
          other,
          known: true,
        });
        expect(kinds.some((kind) => withholdable(other, kind))).toBe(true);
      }
  });

  it('brings along what follows from the withheld paths, through fields above them too', () => {
    const paths = (kind: EntryKind, withheld: string[]) =>
      withheldAlong(kind, withheld).map((a) => `${a.path} ← ${a.because}`);
    expect(paths(EntryKind.ALGORITHM, ['algorithm.aiActClass'])).toEqual([
      'impactAssessments.type ← algorithm.aiActClass',
      'algorithm.deployerIsPublicBody ← algorithm.aiActClass',
      'algorithm.euDatabaseRegistrationNumber ← algorithm.aiActClass',
      'algorithm.euDatabaseUrl ← algorithm.aiActClass',
    ]);
    // The whole algorithm part: what lies outside it comes along, what lies within it is hidden anyway.
    expect(paths(EntryKind.ALGORITHM, ['algorithm'])).toEqual([
      'impactAssessments.type ← algorithm',
    ]);
    expect(paths(EntryKind.DATASET, ['impactAssessments'])).toEqual([
      'noImpactAssessmentReason ← impactAssessments',
    ]);
    // A field below a list item's field says nothing about whether the list is empty.
    expect(paths(EntryKind.DATASET, ['impactAssessments.date'])).toEqual([]);
    expect(paths(EntryKind.DATASET, ['description'])).toEqual([]);
    // Whatever the kind, for the notice staff read.
    expect(fieldsWithheldAlong('impactAssessments')).toEqual(['noImpactAssessmentReason']);
    expect(fieldsWithheldAlong('algorithm.aiActClass')).toHaveLength(4);
    expect(fieldsWithheldAlong('description')).toEqual([]);
    // A field's free-text companion, or an identifier of the same thing, goes with it.
    expect(paths(EntryKind.IOT_DEPLOYMENT, ['iotDeployment.sensorType'])).toEqual([
      'iotDeployment.sensorTypeOther ← iotDeployment.sensorType',
    ]);
    expect(paths(EntryKind.IOT_DEPLOYMENT, ['iotDeployment.operator'])).toEqual([
      'iotDeployment.operatorName ← iotDeployment.operator',
    ]);
    expect(fieldsWithheldAlong('suppliers.name')).toEqual(['suppliers.orgNumber']);
    expect(fieldsWithheldAlong('accountability.reversible')).toEqual([
      'accountability.reversibilityNote',
    ]);
    expect(paths(EntryKind.ALGORITHM, ['algorithm.deployerIsPublicBody'])).toEqual([
      'impactAssessments.type ← algorithm.deployerIsPublicBody',
      'algorithm.euDatabaseRegistrationNumber ← algorithm.deployerIsPublicBody',
      'algorithm.euDatabaseUrl ← algorithm.deployerIsPublicBody',
    ]);
  });
});

describe('the public view of a withheld field and what would give it away', () => {
  const highRisk: EntryContent = {
    title: 'Riskbedömning av bygglov',
    summary: 'Sorterar ansökningar',
    impactAssessments: [
      { type: 'FRIA' as never, date: '2025-01-10', summary: 'Grundläggande rättigheter.' },
    ],
    algorithm: {
      aiActClass: AiActClass.HIGH_RISK,
      deployerIsPublicBody: true,
      euDatabaseRegistrationNumber: 'EU-AI-2025-000042',
      euDatabaseUrl: 'https://ai-act-database.example.eu/42',
      decisionProcess: 'En handläggare beslutar.',
    },
    withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2027-06-30' }],
  };

  it('hides them with it, and says so on the same ground and for as long', () => {
    const shown = publicContent(highRisk, EntryKind.ALGORITHM, '2026-12-01');
    expect(shown.algorithm).toEqual({ decisionProcess: 'En handläggare beslutar.' });
    expect(shown.impactAssessments).toEqual([
      { date: '2025-01-10', summary: 'Grundläggande rättigheter.' },
    ]);
    expect(shown.withheld).toEqual([
      { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2027-06-30' },
      { field: 'impactAssessments.type', legalGround: 'OSL 18:8', until: '2027-06-30' },
      { field: 'algorithm.deployerIsPublicBody', legalGround: 'OSL 18:8', until: '2027-06-30' },
      {
        field: 'algorithm.euDatabaseRegistrationNumber',
        legalGround: 'OSL 18:8',
        until: '2027-06-30',
      },
      { field: 'algorithm.euDatabaseUrl', legalGround: 'OSL 18:8', until: '2027-06-30' },
    ]);
    expect(highRisk.algorithm?.deployerIsPublicBody).toBe(true); // the stored content stays whole
  });

  it('shows them again when the withholding ends, and keeps their own withholding as given', () => {
    const after = publicContent(highRisk, EntryKind.ALGORITHM, '2027-07-01');
    expect(after.algorithm?.aiActClass).toBe(AiActClass.HIGH_RISK);
    expect(after.algorithm?.deployerIsPublicBody).toBe(true);
    expect(after.withheld).toEqual([]);
    const ownToo = publicContent(
      {
        ...highRisk,
        withheld: [
          ...highRisk.withheld!,
          { field: 'algorithm.euDatabaseUrl', legalGround: 'OSL 21:3' },
        ],
      },
      EntryKind.ALGORITHM,
      '2026-12-01',
    );
    expect(ownToo.withheld?.filter((w) => w.field === 'algorithm.euDatabaseUrl')).toEqual([
      { field: 'algorithm.euDatabaseUrl', legalGround: 'OSL 21:3' },
    ]);
  });

  it('looks the same whatever the withheld field and the fields it brings along hold', () => {
    const along = CATALOGUE_FIELDS.filter((f) => f.field.withheldWith?.length);
    const cases = along.flatMap((dependent) =>
      dependent.field.withheldWith!.flatMap((withheld) =>
        Object.values(EntryKind)
          .filter((kind) => dependent.kinds.includes(kind) && withholdable(withheld, kind))
          .map((kind) => ({ kind, withheld, dependent: dependent.path })),
      ),
    );
    expect(cases.length).toBeGreaterThanOrEqual(8);
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        anyContent,
        anyContent,
        anyContent,
        ({ kind, withheld, dependent }, base, a, b) => {
          // Two versions of one content that differ only in the withheld field and the one
          // brought along with it (and in whatever lies within those).
          const versionOf = (source: EntryContent) => {
            const content = structuredClone(base);
            for (const path of [withheld, dependent])
              copyAt(source, content as unknown as Record<string, unknown>, path);
            content.withheld = [{ field: withheld, legalGround: 'OSL 18:8' }];
            return publicContent(content, kind, '2026-12-01');
          };
          expect(versionOf(a)).toEqual(versionOf(b));
        },
      ),
      { numRuns: 400, seed: 20261201 },
    );
  });
});

/**
 * Copies the value at `path` from one content to another (below a list, into its first item),
 * making what is missing on the way with the catalogue's shape.
 */
function copyAt(from: unknown, to: Record<string, unknown>, path: string, prefix = ''): void {
  const [key, ...rest] = path.split('.');
  const here = prefix + key;
  const source = (from as Record<string, unknown> | undefined)?.[key];
  if (rest.length === 0) {
    if (source === undefined) delete to[key];
    else to[key] = structuredClone(source);
    return;
  }
  const isList = catalogueField(here)!.field.type === 'list';
  if (to[key] === undefined || to[key] === null) to[key] = isList ? [] : {};
  let target = to[key] as Record<string, unknown> | Record<string, unknown>[];
  if (Array.isArray(target)) target = target[0] ?? (target[0] = {});
  const sourceNode = Array.isArray(source) ? (source[0] as unknown) : source;
  copyAt(sourceNode, target, rest.join('.'), `${here}.`);
}
