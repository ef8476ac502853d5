import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  AiActClass,
  EntryKind,
  EntryStatus,
  ImpactAssessmentType,
  RelationType,
  RiskClass,
  Theme,
  WithheldInformation,
} from '@insyn/registry';
import NL_SCHEMA from '../../data/nl-algoritmeregister-publicatiestandaard-v1.0.0.schema.json';
import type { ExportEntry } from '../export/export-entry';
import { DATA_LINK_TYPES, dataLinksText, linkedEntries } from '../mapping/linked-entries';
import {
  impactOnPeopleOf,
  impactOnPeopleText,
  keywordsOf,
  keywordsText,
  legalBasesOf,
  legalBasisText,
  supplierNamesOf,
  suppliersText,
  PART_BREAK,
} from '../mapping/entry-texts';
import {
  inverse,
  joined,
  mapFields,
  UnfilledField,
  WithheldField,
  withholdingOf,
} from '../mapping/standard-field';
import { ImportDraft, setIn, textOf, TwoWayField } from '../mapping/two-way-field';
import {
  ASSESSMENT_NAME,
  NL_STATUS,
  NL_STATUS_IMPORT,
  NL_THEME,
  NL_THEME_NEAREST,
} from '../mapping/vocabularies';
import { asUri } from '../mapping/uri';
import { StandardsSettings } from '../standards-settings';

/**
 * The Dutch algorithm register's publication standard (Algoritmeregister Publicatiestandaard)
 * v1.0.0, for algorithms. Each record is checked against the standard's JSON Schema (data/, from
 * MinBZK/Algoritmeregister, EUPL-1.2) before it is exported; mandatory texts the entry does not
 * hold are exported empty ("") and listed as unfilled. Fields with `toContent` import back.
 */
export const NL_SCHEMA_VERSION = '1.0.0';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// The schema's own annotation keywords (Dutch labels and help texts).
const validateNl: ValidateFunction = ajv.compile(NL_SCHEMA);

/** Problems of a record under the standard's JSON Schema, one line each (empty when valid). */
export function nlSchemaProblems(record: unknown): string[] {
  if (validateNl(record)) return [];
  return (validateNl.errors ?? []).map(describeAjvError);
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(record)';
  return `${where}: ${error.message ?? error.keyword}`;
}

const REQUIRED = new Set<string>(NL_SCHEMA.required);

/** The fields the schema types as URIs: links, which Insyn keeps as IRIs (asUri). */
const URI_FIELDS = new Set<string>(
  Object.entries(NL_SCHEMA.properties as Record<string, { format?: string }>)
    .filter(([, p]) => p.format === 'uri')
    .map(([name]) => name),
);

/** The schema's longest text per field, in characters (code points, as JSON Schema counts). */
const MAX_LENGTH = new Map<string, number>(
  Object.entries(NL_SCHEMA.properties as Record<string, { maxLength?: number }>).flatMap(
    ([name, p]) => (p.maxLength === undefined ? [] : [[name, p.maxLength] as [string, number]]),
  ),
);

const GRAPHEMES = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A text cut to at most `max` characters (code points, as the schema counts), the last of them
 * `…`, so a reader sees it goes on. Cut between what a reader sees as characters (graphemes):
 * never inside a letter with its accent or a family emoji, which would show another one.
 */
export function shortened(text: string, max: number): string {
  let kept = '';
  let count = 0;
  for (const { segment } of GRAPHEMES.segment(text)) {
    const size = [...segment].length;
    if (count + size > max - 1) break;
    kept += segment;
    count += size;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * The fields the schema types beyond free text (a code list, a URI, a date pattern, a list): a
 * withholding leaves them empty rather than writing "Niet openbaar" where the schema allows no
 * text (StandardField.typed).
 */
const TYPED = new Set<string>(
  Object.entries(NL_SCHEMA.properties as Record<string, Record<string, unknown>>)
    .filter(([, p]) => p.enum || p.format || p.pattern || p.type !== 'string')
    .map(([name]) => name),
);

const withheldText = (w: WithheldInformation) =>
  `Niet openbaar: ${w.legalGround}${w.until ? ` (tot ${w.until})` : ''}`;

const month = (day: string | undefined) => day?.slice(0, 7);

/** The last day of a month written `YYYY-MM` (`2027-02` → `2027-02-28`), or undefined. */
function lastDayOf(yearMonth: string): string | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yearMonth);
  if (!m) return undefined;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${yearMonth}-${String(day).padStart(2, '0')}`;
}

const text = (path: string) => (value: unknown, draft: ImportDraft) => {
  const t = textOf(value);
  if (t !== undefined) setIn(draft.content, path, t);
};

const CATEGORY_A = 'Hoog-risico AI-systeem (Categorie A)';
const CATEGORY_B = 'Impactvolle algoritmes (Categorie B)';
const CATEGORY_C = 'Overige algoritmes (Categorie C)';

function publicationCategory(e: ExportEntry): string | undefined {
  // With the AI Act class withheld, the category follows from the risk class alone, and the
  // record's `withheld` says that category A could not be told (toNl).
  const a = e.content.algorithm;
  if (a?.aiActClass === AiActClass.HIGH_RISK || a?.aiActClass === AiActClass.PROHIBITED)
    return CATEGORY_A;
  if (a?.riskClass === RiskClass.HIGH || a?.riskClass === RiskClass.MEDIUM) return CATEGORY_B;
  if (a?.riskClass === RiskClass.LOW) return CATEGORY_C;
  return undefined;
}

/** Between the purpose and the impact on people in `purpose_and_impact`: a blank line of CRLFs. */
const PURPOSE_BREAK = `${PART_BREAK}${PART_BREAK}`;

/** The purpose, and the impact on people after a PURPOSE_BREAK (with no purpose, after it alone). */
function purposeAndImpactText(e: ExportEntry): string | undefined {
  const impact = impactOnPeopleText(e.content);
  return impact ? `${e.content.purpose ?? ''}${PURPOSE_BREAK}${impact}` : e.content.purpose;
}

/**
 * `purposeAndImpactText` back into its two fields. Another register's text (one that does not
 * end in Insyn's impact on people after a PURPOSE_BREAK) is the purpose, whole.
 */
function purposeAndImpactInto(value: unknown, draft: ImportDraft): void {
  if (typeof value !== 'string' || textOf(value) === undefined) return;
  const at = value.indexOf(PURPOSE_BREAK);
  const impact = at === -1 ? undefined : impactOnPeopleOf(value.slice(at + PURPOSE_BREAK.length));
  if (!impact) {
    setIn(draft.content, 'purpose', textOf(value));
    return;
  }
  const purpose = textOf(value.slice(0, at));
  if (purpose !== undefined) setIn(draft.content, 'purpose', purpose);
  setIn(draft.content, 'algorithm.impactOnPeople', impact);
}

/** What a Dutch record says of its legal bases, gathered as its three fields are read. */
interface NlLegalBasis {
  text?: string;
  title?: string;
  link?: string;
}
const legalBasisParts = new WeakMap<ImportDraft, NlLegalBasis>();

/**
 * The legal bases of a Dutch record from its `legal_basis` (every one, as legalBasisText writes
 * them) and `legal_basis_title` / `legal_basis_link` (the first, whole; a title the export
 * shortened to the schema's 99 characters ends with "…"), in whatever order the record has them:
 * worked out again as each is read. A first title other than the text's first is put first.
 */
function legalBasisInto(draft: ImportDraft, part: NlLegalBasis): void {
  const parts = { ...legalBasisParts.get(draft), ...part };
  legalBasisParts.set(draft, parts);
  const items = parts.text ? legalBasesOf(parts.text) : [];
  const { title, link } = parts;
  const first = items[0];
  const isFirst = (t: string) =>
    first !== undefined &&
    (first.title === t || (t.endsWith('…') && first.title.startsWith(t.slice(0, -1))));
  if (title !== undefined && !isFirst(title)) items.unshift({ title, ...(link ? { link } : {}) });
  else if (link !== undefined && items[0] && !items.some((b) => b.link === link))
    items[0].link ??= link;
  draft.leftOut = draft.leftOut.filter((l) => l.field !== 'legal_basis_link');
  if (link !== undefined && !items.length)
    draft.leftOut.push({ field: 'legal_basis_link', reason: 'a link without a legal basis' });
  if (items.length) draft.content.legalBasis = items;
  else delete draft.content.legalBasis;
}

const ASSESSMENT_PATTERNS: [RegExp, ImpactAssessmentType][] = [
  [/\bDPIA\b|gegevensbescherming|data protection/i, ImpactAssessmentType.DPIA],
  [/\bFRIA\b|\bIAMA\b|mensenrechten|fundamental rights/i, ImpactAssessmentType.FRIA],
  [/\bAIA\b|algorithmic impact/i, ImpactAssessmentType.AIA],
  [/\bEQIA\b|equality/i, ImpactAssessmentType.EQIA],
];

export function nlFields(settings: StandardsSettings): TwoWayField[] {
  const none = () => undefined;
  const f = (
    name: string,
    from: string[],
    value: TwoWayField['value'],
    toContent?: TwoWayField['toContent'],
    gap?: string,
  ): TwoWayField => ({
    name,
    required: REQUIRED.has(name),
    from,
    value,
    into: toContent ? from : undefined,
    toContent,
    gap,
    typed: TYPED.has(name),
  });
  const withList = (...args: Parameters<typeof f>): TwoWayField => ({
    ...f(...args),
    takesList: true,
  });
  const themeOf = inverse(NL_THEME);
  return [
    f('name', ['title'], (e) => e.content.title, text('title')),
    f('description_short', ['summary'], (e) => e.content.summary, text('summary')),
    f('organization', [], () => settings.organisationName),
    // The schema's theme is a list of texts.
    withList(
      'theme',
      ['theme'],
      (e) => {
        const theme = e.content.theme && NL_THEME[e.content.theme];
        return theme ? [theme] : undefined;
      },
      (value, draft) => {
        const themes = (Array.isArray(value) ? value : [value]).map(textOf).filter(Boolean);
        if (!themes.length) return;
        // A theme of Insyn's own before one only near it ("Internationaal", then "Zorg en
        // gezondheid": the latter).
        const names = themes as string[];
        const first = names.find((name) => themeOf[name] !== undefined) ?? names[0];
        const rest = names.filter((name) => name !== first);
        const theme: Theme | undefined = themeOf[first] ?? NL_THEME_NEAREST[first];
        if (!theme) throw new Error(`theme "${first}" is not a theme of the Dutch register`);
        if (!themeOf[first])
          draft.notes.push(`theme "${first}" imported as the nearest theme, ${theme}`);
        if (rest.length)
          draft.leftOut.push({
            field: 'theme',
            reason: `an entry has one theme; ${rest.join(', ')} left out`,
          });
        draft.content.theme = theme;
      },
      'the entry has no theme, or one the Dutch register’s themes do not name (OTHER)',
    ),
    f(
      'status',
      ['lifecycle.stage'],
      (e) =>
        e.status === EntryStatus.RETIRED
          ? NL_STATUS.RETIRED
          : e.content.lifecycle?.stage
            ? NL_STATUS[e.content.lifecycle.stage]
            : undefined,
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const stage = NL_STATUS_IMPORT[t];
        if (!stage) throw new Error(`status "${t}" is not a status of the Dutch register`);
        setIn(draft.content, 'lifecycle.stage', stage);
      },
    ),
    f(
      'start_date',
      ['lifecycle.startDate'],
      (e) => month(e.content.lifecycle?.startDate),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        setIn(draft.content, 'lifecycle.startDate', `${t}-01`);
        draft.notes.push(`start_date: the standard gives a month (${t}), read as its first day`);
      },
    ),
    f(
      'end_date',
      ['lifecycle.endDate'],
      (e) => month(e.content.lifecycle?.endDate),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        // In use until the month's end: its first day would end it a month early.
        setIn(draft.content, 'lifecycle.endDate', lastDayOf(t) ?? `${t}-01`);
        draft.notes.push(`end_date: the standard gives a month (${t}), read as its last day`);
      },
    ),
    f(
      'contact',
      ['contact'],
      (e) => e.content.contact?.email ?? e.content.contact?.phone,
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        if (t.includes('@')) setIn(draft.content, 'contact.email', t.replace(/^mailto:/, ''));
        else if (/^\+?[0-9 ()-]{5,30}$/.test(t)) setIn(draft.content, 'contact.phone', t);
        else
          draft.leftOut.push({
            field: 'contact',
            reason: 'Insyn keeps a mailbox or a phone number, not a web address',
          });
      },
    ),
    f('link', [], (e) => e.url),
    f(
      'publication_category',
      ['algorithm.aiActClass', 'algorithm.riskClass'],
      publicationCategory,
      (value, draft) => {
        const t = textOf(value);
        if (t === CATEGORY_A) setIn(draft.content, 'algorithm.aiActClass', AiActClass.HIGH_RISK);
        else if (t === CATEGORY_B) {
          setIn(draft.content, 'algorithm.riskClass', RiskClass.MEDIUM);
          draft.notes.push('publication category B imported as risk class MEDIUM: check it');
        } else if (t === CATEGORY_C) setIn(draft.content, 'algorithm.riskClass', RiskClass.LOW);
        else if (t !== undefined)
          throw new Error(`publication_category "${t}" is not a category of the Dutch register`);
      },
    ),
    f('source_link', [], none),
    f(
      'purpose_and_impact',
      ['purpose', 'algorithm.impactOnPeople'],
      purposeAndImpactText,
      purposeAndImpactInto,
    ),
    f(
      'considerations',
      ['algorithm.alternativesConsidered'],
      (e) => e.content.algorithm?.alternativesConsidered,
      text('algorithm.alternativesConsidered'),
    ),
    f(
      'human_intervention',
      ['accountability.humanOversight'],
      (e) => e.content.accountability?.humanOversight,
      text('accountability.humanOversight'),
    ),
    f(
      'risk_management',
      ['algorithm.risksAndMitigations'],
      (e) => e.content.algorithm?.risksAndMitigations,
      text('algorithm.risksAndMitigations'),
    ),
    f(
      'legal_basis',
      ['legalBasis'],
      (e) => legalBasisText(e.content),
      (value, draft) => legalBasisInto(draft, { text: textOf(value) }),
    ),
    f(
      'legal_basis_link',
      ['legalBasis.link'],
      (e) => e.content.legalBasis?.[0]?.link,
      (value, draft) => legalBasisInto(draft, { link: textOf(value) }),
    ),
    f(
      'legal_basis_title',
      ['legalBasis.title'],
      (e) => e.content.legalBasis?.[0]?.title,
      (value, draft) => legalBasisInto(draft, { title: textOf(value) }),
    ),
    f('processing_register_link', [], none),
    f(
      'impact_assessments',
      ['impactAssessments.type'],
      (e) =>
        joined(
          (e.content.impactAssessments ?? []).map((a) => ASSESSMENT_NAME[a.type]),
          ', ',
        ),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const types = t
          .split(/\s*,\s*/)
          .filter(Boolean)
          .map((name) => {
            const type = ASSESSMENT_PATTERNS.find(([pattern]) => pattern.test(name))?.[1];
            // Another register's own name for an assessment: kept as OTHER, and the name said.
            if (!type && name !== ASSESSMENT_NAME[ImpactAssessmentType.OTHER])
              draft.notes.push(
                `impact_assessments: "${name}" is none of the types Insyn names, imported as OTHER`,
              );
            return type ?? ImpactAssessmentType.OTHER;
          });
        // The standard holds only their names: two assessments of one type (two DPIAs of
        // different years) are one item each way here, which the registry refuses as a repeat.
        const distinct = [...new Set(types)];
        if (distinct.length < types.length)
          draft.notes.push(
            `impact_assessments names ${types.length} assessments of ${distinct.length} ${distinct.length === 1 ? 'type' : 'types'}: one assessment of each type imported, as the standard holds only their names`,
          );
        draft.content.impactAssessments = distinct.map((type) => ({ type }));
      },
    ),
    f(
      'impact_assessment_link',
      ['impactAssessments.link'],
      (e) => e.content.impactAssessments?.find((a) => a.link)?.link,
      (value, draft) => {
        const t = textOf(value);
        const list = draft.content.impactAssessments as Record<string, unknown>[] | undefined;
        if (t === undefined) return;
        if (list?.length) list[0].link = t;
        else {
          // An assessment needs a type, which the source did not give (or withheld): OTHER, said.
          draft.content.impactAssessments = [{ type: ImpactAssessmentType.OTHER, link: t }];
          draft.notes.push(
            'impact_assessment_link: the source names no assessment for it, so the link is imported as an assessment of type OTHER; set its type',
          );
        }
      },
    ),
    f(
      'impact_assessment_explanation',
      ['noImpactAssessmentReason'],
      (e) => e.content.noImpactAssessmentReason,
      text('noImpactAssessmentReason'),
    ),
    // The data the algorithm uses and makes: its public links to datasets (and to the IoT
    // deployments that feed it); the standard's one linked source is the first dataset it uses.
    f(
      'data',
      [],
      (e) => dataLinksText(e, DATA_LINK_TYPES),
      undefined,
      'the entry has no public link to a dataset or IoT deployment (USES_DATASET, FED_BY_DEPLOYMENT, PRODUCES_DATASET)',
    ),
    f('data_source_link', [], (e) => linkedEntries(e, [RelationType.USES_DATASET])[0]?.url),
    f('data_source_title', [], (e) => linkedEntries(e, [RelationType.USES_DATASET])[0]?.title),
    f(
      'technical_operation',
      ['algorithm.technicalDescription'],
      (e) => e.content.algorithm?.technicalDescription,
      text('algorithm.technicalDescription'),
    ),
    f(
      'supplier',
      ['suppliers'],
      (e) => suppliersText(e.content),
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) draft.content.suppliers = supplierNamesOf(t);
      },
    ),
    f(
      'source_code_link',
      ['algorithm.sourceCode.link'],
      (e) => e.content.algorithm?.sourceCode?.link,
      text('algorithm.sourceCode.link'),
    ),
    f('language', [], () => 'nld', undefined),
    f('schema', [], () => NL_SCHEMA_VERSION),
    f('source_id', [], (e) => e.id),
    f(
      'search_terms',
      ['keywords'],
      (e) => keywordsText(e.content.keywords ?? []),
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) draft.content.keywords = keywordsOf(t);
      },
    ),
  ];
}

/**
 * The language of the register's texts in the standard's own code list (ISO 639-3, as its
 * `language` field): written beside each record, since the record itself may only say "nld".
 */
export const NL_CONTENT_LANGUAGE = 'swe';

export interface NlRecord {
  record: Record<string, unknown>;
  unfilled: UnfilledField[];
  withheld: WithheldField[];
  /** Why the record does not validate against the standard's schema (then it is not exported). */
  problems: string[];
}

/** An algorithm as a record of the Dutch standard, checked against its JSON Schema. */
export function toNl(entry: ExportEntry, settings: StandardsSettings): NlRecord {
  if (entry.kind !== EntryKind.ALGORITHM)
    throw new Error('Dutch register records describe algorithms');
  const fields = nlFields(settings);
  const lists = new Set(fields.filter((field) => field.takesList).map((field) => field.name));
  const mapped = mapFields(fields, entry, withheldText);
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(mapped.values)) {
    // Optional fields the entry does not fill are left out; mandatory ones are exported empty.
    if (value === null) {
      if (REQUIRED.has(name)) record[name] = lists.has(name) ? [] : '';
      continue;
    }
    // A link with å in it (a Swedish law's address) is no URI until encoded.
    record[name] = URI_FIELDS.has(name) && typeof value === 'string' ? asUri(value) : value;
  }
  const unfilled = [...mapped.unfilled];
  // Insyn allows longer texts than the standard does in some fields (a title of 120 characters
  // against its 99): shortened, and said so, rather than the algorithm left out of the file.
  for (const [name, value] of Object.entries(record)) {
    const max = MAX_LENGTH.get(name);
    const length = typeof value === 'string' ? [...value].length : 0;
    if (max === undefined || length <= max) continue;
    record[name] = shortened(value as string, max);
    unfilled.push({
      field: name,
      reason: `the text has ${length} characters and the standard takes ${max}: shortened, ending with "…" (the entry has it whole)`,
    });
  }
  // The schema requires `language` and allows "nld" alone: the record says so to stay valid, and
  // its envelope's `contentLanguage` (NL_CONTENT_LANGUAGE) states the language the texts are in.
  if (record.language === 'nld')
    unfilled.push({
      field: 'language',
      reason: `the standard accepts only "nld" (a required constant); the texts are Swedish ("${NL_CONTENT_LANGUAGE}", as the record's contentLanguage says)`,
    });
  // The algorithm stays in the register (the standard requires a category, and leaving it out
  // would drop the record); that category A cannot be told from what is public is said here.
  const aiActClass = withholdingOf(entry, 'algorithm.aiActClass');
  const withheld = [...mapped.withheld];
  if (
    aiActClass &&
    record.publication_category &&
    !withheld.some((w) => w.field === 'publication_category')
  )
    withheld.push({
      field: 'publication_category',
      withheld: aiActClass.field,
      legalGround: aiActClass.legalGround,
      ...(aiActClass.until ? { until: aiActClass.until } : {}),
    });
  // With the risk class withheld (and the AI Act class not high-risk), every category would tell
  // it: the record cannot be valid, and its reason says why rather than the schema's words.
  const category = withheld.find((w) => w.field === 'publication_category');
  const problems = nlSchemaProblems(record).map((problem) =>
    category && problem.startsWith('publication_category:')
      ? `publication_category: the standard requires a category, and any would tell the withheld ${category.withheld} (${category.legalGround})`
      : problem,
  );
  return { record, unfilled, withheld, problems };
}
