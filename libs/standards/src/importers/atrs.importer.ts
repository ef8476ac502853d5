import { EntryKind } from '@insyn/registry';
import { ATRS_CATEGORIES } from '../mappers/atrs.mapper';
import { ImportDraft, setIn, textOf } from '../mapping/two-way-field';
import { impactAssessmentsOf, keywordsOf, supplierPartsOf } from '../mapping/entry-texts';
import { ATRS_FUNCTION_IMPORT, ATRS_PHASE_IMPORT } from '../mapping/vocabularies';
import {
  ImportFormat,
  isRecord,
  jsonRecords,
  refusedItem,
  ParsedRecord,
  sourceIdOf,
  partlyWithheldNote,
  withheldOf,
  withheldReason,
  withheldWithoutValue,
} from './import-format';
import { refuseOtherStandard } from './file-standard';

type Into = (value: string, draft: ImportDraft) => void;
const text =
  (path: string): Into =>
  (value, draft) =>
    setIn(draft.content, path, value);

/** Where each ATRS v3 attribute goes in an algorithm draft. */
const INTO: Record<string, Into> = {
  name: text('title'),
  one_sentence_description: text('summary'),
  contact_email: text('contact.email'),
  team: text('responsibleTeam'),
  senior_responsible_owner: text('accountability.accountableOwner'),
  detailed_description: text('description'),
  scope: text('purpose'),
  alternatives_considered: text('algorithm.alternativesConsidered'),
  process_integration: text('algorithm.decisionProcess'),
  human_decisions_and_review: text('accountability.humanOversight'),
  appeals_and_review: text('accountability.appealProcess'),
  system_architecture: text('algorithm.technicalDescription'),
  risks_and_mitigations: text('algorithm.risksAndMitigations'),
  impact_assessment: (value, draft) => {
    const read = impactAssessmentsOf(value);
    if ('noAssessmentReason' in read)
      draft.content.noImpactAssessmentReason = read.noAssessmentReason;
    else draft.content.impactAssessments = read.assessments;
  },
  // One function, as Insyn exports it; GOV.UK's finder allows several: the first is the theme.
  function: (value, draft) => {
    const [first, ...rest] = value.split(/\s*[,;]\s*/).filter(Boolean);
    if (first === undefined) return; // only separators: no function named
    // As GOV.UK's finder writes them ("Health", "Public order and safety" read as its slugs).
    const known = ATRS_FUNCTION_IMPORT[first.toLowerCase().replace(/\s+/g, '-')];
    // A free text in the standard: another register's own word leaves the theme to be chosen.
    if (!known) {
      draft.leftOut.push({
        field: 'function',
        reason: `"${first}" is none of the ATRS functions (${Object.keys(ATRS_FUNCTION_IMPORT).join(', ')}): the theme is left to be chosen`,
      });
      return;
    }
    draft.content.theme = known.theme;
    if (known.nearest)
      draft.notes.push(`function "${first}" imported as the nearest theme, ${known.theme}`);
    if (rest.length)
      draft.leftOut.push({
        field: 'function',
        reason: `an entry has one theme; ${rest.join(', ')} left out`,
      });
  },
  tags: (value, draft) => {
    draft.content.keywords = keywordsOf(value);
  },
  phase: (value, draft) => {
    const stage = ATRS_PHASE_IMPORT[value];
    if (!stage)
      throw new Error(
        `"${value}" is not an ATRS phase (${Object.keys(ATRS_PHASE_IMPORT).join(', ')})`,
      );
    setIn(draft.content, 'lifecycle.stage', stage);
  },
  frequency_and_scale_of_usage: (value, draft) => {
    const n = /^About (\d+) decisions a year\.$/.exec(value)?.[1];
    if (n) setIn(draft.content, 'algorithm.impactOnPeople.decisionsPerYear', Number(n));
    else setIn(draft.content, 'algorithm.impactOnPeople.how', value);
  },
};

/** Attributes that go in with others, or are covered by another attribute. */
const WITH_OTHERS: Record<string, string> = {
  title: 'the same as name',
  description: 'used when there is no one_sentence_description',
  external_supplier: 'imported as the suppliers',
  companies_house_number: 'imported with the suppliers',
  external_supplier_role: 'imported with the suppliers',
  procurement_procedure_type: 'imported with the suppliers',
  external_supplier_involvement: 'said by the suppliers themselves',
  models: 'imported from model_specification',
};

/** Attributes that say what another says (the exports write both): [the one read, the other]. */
const SAID_TWICE = [
  ['name', 'title'],
  ['one_sentence_description', 'description'],
] as const;

/** Two values of an attribute alike: the same text (trimmed), or the same JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why an attribute that Insyn does have a field for is not read back into it. */
const NOT_READ: Record<string, string> = {
  sensitive_attributes:
    'Insyn keeps protected characteristics as items, each a characteristic of its own list with its justification (nonDiscrimination), which this text cannot be read back into',
};

const SUPPLIER_PARTS: [string, string][] = [
  ['external_supplier', 'name'],
  ['companies_house_number', 'orgNumber'],
  ['external_supplier_role', 'role'],
  ['procurement_procedure_type', 'procurementType'],
];

const MODEL_PARTS: [string, string][] = [
  ['model_name', 'name'],
  ['model_version', 'version'],
  ['model_task', 'task'],
  ['model_input', 'input'],
  ['model_output', 'output'],
  ['model_performance', 'performance'],
];

/**
 * UK ATRS v3 records (JSON, sectioned by category as Insyn exports them, or flat) into algorithm
 * drafts. The source id is the record's `id` (an Insyn export's entry id when the record has none).
 */
export function atrsImport(): ImportFormat {
  return {
    name: 'atrs',
    description: 'UK Algorithmic Transparency Recording Standard v3.0 (JSON)',
    carries: [
      'title',
      'summary',
      'contact.email',
      'responsibleTeam',
      'accountability.accountableOwner',
      'accountability.humanOversight',
      'accountability.appealProcess',
      'description',
      'purpose',
      'suppliers',
      'keywords',
      'lifecycle.stage',
      'impactAssessments',
      'noImpactAssessmentReason',
      // Not 'theme': OTHER has no function, so a record without one leaves the theme as it is.
      'algorithm.alternativesConsidered',
      'algorithm.decisionProcess',
      'algorithm.technicalDescription',
      'algorithm.risksAndMitigations',
      'algorithm.models',
    ],
    async read(path) {
      const items = await jsonRecords(path);
      refuseOtherStandard(items, 'atrs');
      async function* records(): AsyncGenerator<ParsedRecord> {
        for (const [i, { record, envelope, refused }] of items.entries()) {
          yield refused
            ? refusedItem(i + 1, EntryKind.ALGORITHM, refused)
            : parseAtrs(i + 1, record, envelope);
        }
      }
      return { total: items.length, records: records() };
    },
  };
}

function parseAtrs(
  index: number,
  record: Record<string, unknown>,
  envelope: Record<string, unknown>,
): ParsedRecord {
  const sections = Object.values(ATRS_CATEGORIES) as string[];
  const flat: Record<string, unknown> = {};
  const problems: string[] = [];
  // An attribute of two sections (`phase`) is one value: given differently, it is neither.
  const givenIn = new Map<string, string>();
  let models: unknown[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'model_specification' && Array.isArray(value)) models = value;
    else if (sections.includes(key) && isRecord(value))
      for (const [name, item] of Object.entries(value)) {
        const before = givenIn.get(name);
        if (before !== undefined && !sameValue(flat[name], item))
          problems.push(`${name}: ${before} and ${key} give it differently`);
        flat[name] = item;
        givenIn.set(name, key);
      }
    else flat[key] = value;
  }
  const withheld = withheldOf(envelope);
  const draft: ImportDraft = { content: {}, leftOut: [], notes: [] };
  // ATRS says the title and the summary twice; Insyn reads each from one attribute, and says so
  // of the other when it says something else (it is not read, nor held to the text rule).
  for (const [read, other] of SAID_TWICE) {
    const [kept, unread] = [textOf(flat[read]), flat[other]];
    if (unread === null || unread === undefined || unread === '') continue;
    if (withheldReason(other, unread, withheld)) continue; // said below, with its ground
    if (typeof unread !== 'string') problems.push(`${other}: must be text`);
    else if (kept !== undefined && textOf(unread) !== kept)
      draft.leftOut.push({
        field: other,
        reason: `not imported: Insyn takes this from ${read}, which says something else`,
      });
  }
  for (const [name, raw] of Object.entries(flat)) {
    if (raw === null || raw === undefined || raw === '') continue;
    const withheldBecause = withheldReason(name, raw, withheld);
    if (withheldBecause) {
      draft.leftOut.push({ field: name, reason: withheldBecause });
      continue;
    }
    const partly = partlyWithheldNote(name, raw, withheld);
    if (partly) draft.notes.push(partly);
    if (name === 'id' || WITH_OTHERS[name]) continue;
    const into = INTO[name];
    const value = textOf(raw);
    if (value === undefined) {
      problems.push(`${name}: must be text`);
      continue;
    }
    if (!into) {
      draft.leftOut.push({
        field: name,
        reason: NOT_READ[name] ?? 'Insyn has no field for this, or keeps its own (metadata)',
      });
      continue;
    }
    try {
      into(value, draft);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (draft.content.title === undefined && textOf(flat.title))
    draft.content.title = textOf(flat.title);
  if (
    draft.content.summary === undefined &&
    textOf(flat.description) &&
    !withheldReason('description', flat.description, withheld)
  )
    draft.content.summary = textOf(flat.description);

  const parts = SUPPLIER_PARTS.map(([attribute, key]) => {
    const value = withheldReason(attribute, flat[attribute], withheld)
      ? undefined
      : flat[attribute];
    // Untrimmed: a first supplier without the part is an empty first line.
    return [key, textOf(value) ? supplierPartsOf(value as string) : []] as const;
  });
  // Line i of each part is supplier i's (see suppliersText); a line without a name is no one's.
  const suppliers = parts[0][1]
    .map((_, i) =>
      Object.fromEntries(parts.flatMap(([key, values]) => (values[i] ? [[key, values[i]]] : []))),
    )
    .filter((supplier) => supplier.name);
  if (suppliers.length) draft.content.suppliers = suppliers;
  const modelList = models
    .filter(isRecord)
    .map((m) =>
      Object.fromEntries(
        MODEL_PARTS.flatMap(([attribute, key]) =>
          textOf(m[attribute]) ? [[key, textOf(m[attribute])]] : [],
        ),
      ),
    );
  if (modelList.some((m) => !m.name))
    problems.push('model_specification: every model needs a model_name');
  else if (modelList.length) setIn(draft.content, 'algorithm.models', modelList);

  draft.leftOut.push(...withheldWithoutValue(flat, withheld));
  const sourceId = sourceIdOf(flat.id, envelope);
  if (!sourceId)
    problems.push('id: the record has no id, so it cannot be imported again without a duplicate');
  return {
    index,
    sourceId,
    kind: EntryKind.ALGORITHM,
    content: draft.content,
    leftOut: draft.leftOut,
    notes: draft.notes,
    problems,
    raw: { record, withheld: envelope.withheld ?? null },
  };
}
