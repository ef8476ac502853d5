import {
  AiActClass,
  AlgorithmType,
  EntryKind,
  EntryStatus,
  ImpactAssessment,
  ImpactAssessmentType,
  LifecycleStage,
  PRIMARY_CONTENT_LANGUAGE,
  RelationType,
  Theme,
  WithheldInformation,
} from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import {
  areaText,
  impactOnPeopleOf,
  impactOnPeopleText,
  keywordsOf,
  keywordsText,
  legalBasesOf,
  legalBasisText,
  modelsText,
  monitoringText,
} from '../mapping/entry-texts';
import {
  DATA_LINK_TYPES,
  dataLinksText,
  linkedEntries,
  linkedText,
} from '../mapping/linked-entries';
import { dayOf, inverse, joined, mapFields, MappedFields } from '../mapping/standard-field';
import { asUri } from '../mapping/uri';
import { ImportDraft, setIn, textOf, TwoWayField } from '../mapping/two-way-field';
import {
  ALGOSTD_DOMAIN,
  ALGOSTD_DOMAIN_NEAREST,
  ALGOSTD_RISK,
  ALGOSTD_STATUS,
  ALGOSTD_STATUS_NEAREST,
  ALGOSTD_TYPE,
  ASSESSMENT_NAME,
} from '../mapping/vocabularies';
import { StandardsSettings } from '../standards-settings';

/**
 * Eurocities Algorithmic Transparency Standard (AlgoSTD) v0.3.1, for algorithms: one flat
 * record per algorithm with every attribute of the standard (test data
 * `algostd-v0.3.1-fields.csv`), null where the entry does not say. Fields with `toContent` are
 * imported back (`cli import --format algostd`).
 */
export const ALGOSTD_VERSION = '0.3.1';

/**
 * The attributes AlgoSTD types beyond a string (url, email, enum, date, uuid, const in its field
 * list; a unit test checks this against it): withheld, they are left empty, not given the
 * withheld text (StandardField.typed).
 */
export const ALGOSTD_TYPED = new Set([
  'contact_email',
  'domain',
  'website',
  'status',
  'risk_category',
  'documentation',
  'DPIA_url',
  'algorithm_type',
  'product_information',
  'codebase_url',
  'product_page',
  'AIA_url',
  'type',
  'standard_version',
  'uuid',
  'publication_date',
  'last_change_date',
  'revision_date',
]);

/** The attributes AlgoSTD types as `url`: written as URIs (asUri), where Insyn keeps IRIs. */
export const ALGOSTD_URLS = new Set([
  'website',
  'documentation',
  'DPIA_url',
  'product_information',
  'codebase_url',
  'product_page',
  'AIA_url',
]);

const withheldText = (w: WithheldInformation) =>
  `Withheld: ${w.legalGround}${w.until ? ` (until ${w.until})` : ''}`;

const assessment = (e: ExportEntry, types: ImportAssessmentTypes) =>
  (e.content.impactAssessments ?? []).find((a) => types.includes(a.type));
type ImportAssessmentTypes = readonly ImpactAssessmentType[];
const DPIA: ImportAssessmentTypes = [ImpactAssessmentType.DPIA];
const AIA: ImportAssessmentTypes = [ImpactAssessmentType.AIA, ImpactAssessmentType.FRIA];

/**
 * An assessment as AlgoSTD's `DPIA_description` or `AIA_description`: its type (the AIA slot
 * holds a FRIA too) and date before its summary, as ATRS writes them, so that they come back.
 */
function assessmentText(a: ImpactAssessment | undefined): string | undefined {
  if (!a?.type) return undefined;
  return `${ASSESSMENT_NAME[a.type]}${a.date ? ` (${a.date})` : ''}${a.summary ? `: ${a.summary}` : ''}`;
}

/** The impact assessment of the slot (DPIA, or AIA and FRIA) in the draft, added if need be. */
function slotItem(draft: ImportDraft, types: ImportAssessmentTypes): Record<string, unknown> {
  const list = ((draft.content.impactAssessments as Record<string, unknown>[]) ??= []);
  let item = list.find((a) => types.includes(a.type as ImpactAssessmentType));
  if (!item) list.push((item = { type: types[0] }));
  return item;
}

/**
 * `assessmentText` back into the slot's assessment: its type and date, then its summary. Another
 * register's text, without the type's name in front, is the summary of the slot's first type.
 */
function assessmentInto(draft: ImportDraft, types: ImportAssessmentTypes, text: string): void {
  const item = slotItem(draft, types);
  for (const type of types) {
    const name = ASSESSMENT_NAME[type];
    if (!text.startsWith(name)) continue;
    const rest = /^(?: \((\d{4}-\d{2}-\d{2})\))?(?:: ([\s\S]+))?$/.exec(text.slice(name.length));
    if (!rest) continue;
    item.type = type;
    if (rest[1]) item.date = rest[1];
    if (rest[2]?.trim()) item.summary = rest[2].trim();
    return;
  }
  item.summary = text;
}

const text = (path: string) => (value: unknown, draft: ImportDraft) => {
  const t = textOf(value);
  if (t !== undefined) setIn(draft.content, path, t);
};

export function algostdFields(settings: StandardsSettings): TwoWayField[] {
  const none = () => undefined;
  const f = (
    name: string,
    required: boolean,
    from: string[],
    value: TwoWayField['value'],
    toContent?: TwoWayField['toContent'],
    gap?: string,
  ): TwoWayField => ({
    name,
    required,
    from,
    value,
    into: toContent ? from : undefined,
    toContent,
    gap,
    typed: ALGOSTD_TYPED.has(name),
  });
  const domainOf = inverse(ALGOSTD_DOMAIN);
  const statusOf = inverse(ALGOSTD_STATUS);
  const riskOf = inverse(ALGOSTD_RISK as Record<AiActClass, string>);
  return [
    f('name', true, ['title'], (e) => e.content.title, text('title')),
    f('description_short', true, ['summary'], (e) => e.content.summary, text('summary')),
    f('organization', true, [], () => settings.organisationName),
    f('department', true, [], (e) => e.department.nameSv),
    f(
      'contact_email',
      true,
      ['contact.email'],
      (e) => e.content.contact?.email,
      text('contact.email'),
    ),
    f(
      'contact_phone',
      false,
      ['contact.phone'],
      (e) => e.content.contact?.phone,
      text('contact.phone'),
    ),
    f(
      'contact_name',
      false,
      ['responsibleTeam'],
      (e) => e.content.responsibleTeam,
      text('responsibleTeam'),
    ),
    f(
      'area',
      true,
      ['geographicArea'],
      (e) => areaText(e.content, settings.organisationName),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        if (t === settings.organisationName) setIn(draft.content, 'geographicArea.cityWide', true);
        else setIn(draft.content, 'geographicArea.districts', t.split(/\s*,\s*/).filter(Boolean));
      },
    ),
    f(
      'domain',
      true,
      ['theme'],
      (e) => (e.content.theme ? ALGOSTD_DOMAIN[e.content.theme] : undefined),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const theme: Theme | undefined = domainOf[t] ?? ALGOSTD_DOMAIN_NEAREST[t];
        if (!theme) throw new Error(`domain "${t}" is not an AlgoSTD v0.3.1 domain`);
        if (!domainOf[t]) draft.notes.push(`domain "${t}" imported as the nearest theme, ${theme}`);
        draft.content.theme = theme;
      },
    ),
    f('website', false, [], (e) => e.url),
    f(
      'status',
      true,
      ['lifecycle.stage'],
      (e) =>
        e.status === EntryStatus.RETIRED
          ? ALGOSTD_STATUS.RETIRED
          : e.content.lifecycle?.stage
            ? ALGOSTD_STATUS[e.content.lifecycle.stage]
            : undefined,
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const stage: LifecycleStage | undefined = statusOf[t] ?? ALGOSTD_STATUS_NEAREST[t];
        if (!stage) throw new Error(`status "${t}" is not an AlgoSTD v0.3.1 status`);
        if (!statusOf[t]) draft.notes.push(`status "${t}" imported as the nearest stage, ${stage}`);
        setIn(draft.content, 'lifecycle.stage', stage);
      },
    ),
    f('remark', false, [], none),
    f(
      'decision_making_process',
      true,
      ['algorithm.decisionProcess'],
      (e) => e.content.algorithm?.decisionProcess,
      text('algorithm.decisionProcess'),
    ),
    f('goal', true, ['purpose'], (e) => e.content.purpose, text('purpose')),
    f(
      'impact',
      true,
      ['algorithm.impactOnPeople'],
      (e) => impactOnPeopleText(e.content),
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        // Insyn's own text in its parts; another register's whole, as how people are affected.
        setIn(draft.content, 'algorithm.impactOnPeople', impactOnPeopleOf(t) ?? { how: t });
      },
    ),
    f(
      'risks',
      true,
      ['algorithm.risksAndMitigations'],
      (e) => e.content.algorithm?.risksAndMitigations,
      text('algorithm.risksAndMitigations'),
    ),
    f(
      'risk_category',
      true,
      ['algorithm.aiActClass'],
      (e) =>
        e.content.algorithm?.aiActClass ? ALGOSTD_RISK[e.content.algorithm.aiActClass] : undefined,
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const cls = riskOf[t];
        if (!cls) throw new Error(`risk_category "${t}" is not an AlgoSTD v0.3.1 risk category`);
        setIn(draft.content, 'algorithm.aiActClass', cls);
      },
      'algorithm.aiActClass is not set, or is NOT_AI, which has no AlgoSTD risk category',
    ),
    f(
      'proportionality',
      true,
      [],
      none,
      undefined,
      'Insyn does not record a proportionality assessment',
    ),
    f(
      'lawful_basis',
      true,
      ['legalBasis'],
      (e) => legalBasisText(e.content),
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) draft.content.legalBasis = legalBasesOf(t);
      },
    ),
    f('documentation', false, [], none),
    f(
      'training_data',
      true,
      [],
      none,
      undefined,
      'Insyn’s links do not say which dataset trained the algorithm (source_data lists the datasets it uses)',
    ),
    // The datasets the algorithm uses: its public USES_DATASET links (titles and entry pages).
    f(
      'source_data',
      true,
      [],
      (e) => linkedText(linkedEntries(e, [RelationType.USES_DATASET])),
      undefined,
      'the entry has no public USES_DATASET link to a dataset',
    ),
    f(
      'data_bias',
      false,
      ['nonDiscrimination.biasAssessment.resultSummary'],
      (e) => e.content.nonDiscrimination?.biasAssessment?.resultSummary,
    ),
    f(
      'connected_data_sources',
      true,
      [],
      (e) => dataLinksText(e, DATA_LINK_TYPES),
      undefined,
      'the entry has no public link to a dataset or IoT deployment (USES_DATASET, FED_BY_DEPLOYMENT, PRODUCES_DATASET)',
    ),
    f(
      'DPIA_description',
      false,
      ['impactAssessments.type', 'impactAssessments.date', 'impactAssessments.summary'],
      (e) => assessmentText(assessment(e, DPIA)),
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) assessmentInto(draft, DPIA, t);
      },
    ),
    f(
      'DPIA_url',
      false,
      ['impactAssessments.link'],
      (e) => assessment(e, DPIA)?.link,
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) slotItem(draft, DPIA).link = t;
      },
    ),
    f(
      'algorithm_type',
      true,
      ['algorithm.algorithmType'],
      (e) =>
        e.content.algorithm?.algorithmType
          ? ALGOSTD_TYPE[e.content.algorithm.algorithmType]
          : undefined,
      (value, draft) => {
        const t = textOf(value);
        if (t === undefined) return;
        const type = {
          'rule-based': AlgorithmType.RULE_BASED,
          'self-learning': AlgorithmType.MACHINE_LEARNING,
          hybrid: AlgorithmType.HYBRID,
        }[t];
        if (!type) throw new Error(`algorithm_type "${t}" is not an AlgoSTD v0.3.1 algorithm type`);
        setIn(draft.content, 'algorithm.algorithmType', type);
      },
    ),
    f(
      'description',
      true,
      ['algorithm.technicalDescription'],
      (e) => e.content.algorithm?.technicalDescription,
      text('algorithm.technicalDescription'),
    ),
    f('methods_and_models', false, ['algorithm.models'], (e) => modelsText(e.content)),
    f('performance', false, ['algorithm.models.performance'], (e) =>
      joined(
        (e.content.algorithm?.models ?? []).map((m) => m.performance),
        '; ',
      ),
    ),
    f(
      'alternatives_considered',
      false,
      ['algorithm.alternativesConsidered'],
      (e) => e.content.algorithm?.alternativesConsidered,
      text('algorithm.alternativesConsidered'),
    ),
    f('product_information', false, [], none),
    f(
      'codebase_url',
      false,
      ['algorithm.sourceCode.link'],
      (e) => e.content.algorithm?.sourceCode?.link,
      text('algorithm.sourceCode.link'),
    ),
    f('product_page', false, [], none),
    f(
      'AIA_description',
      false,
      ['impactAssessments.type', 'impactAssessments.date', 'impactAssessments.summary'],
      (e) => assessmentText(assessment(e, AIA)),
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) assessmentInto(draft, AIA, t);
      },
    ),
    f(
      'AIA_url',
      false,
      ['impactAssessments.link'],
      (e) => assessment(e, AIA)?.link,
      (value, draft) => {
        const t = textOf(value);
        if (t !== undefined) slotItem(draft, AIA).link = t;
      },
    ),
    f(
      'monitoring',
      true,
      ['algorithm.monitoring'],
      (e) => monitoringText(e.content),
      text('algorithm.monitoring.metrics'),
    ),
    f(
      'type',
      true,
      [],
      none,
      undefined,
      'Insyn records the automation level, not the analytics type',
    ),
    f(
      'human_intervention',
      true,
      ['accountability.humanOversight'],
      (e) => e.content.accountability?.humanOversight,
      text('accountability.humanOversight'),
    ),
    f(
      'objection_procedure',
      true,
      ['accountability.appealProcess'],
      (e) => e.content.accountability?.appealProcess,
      text('accountability.appealProcess'),
    ),
    f(
      'rollback',
      false,
      ['accountability.reversibilityNote'],
      (e) => e.content.accountability?.reversibilityNote,
      text('accountability.reversibilityNote'),
    ),
    f('standard_version', true, [], () => ALGOSTD_VERSION),
    f('uuid', false, [], (e) => e.id),
    // The register's content language (translations are in `translations`, not in this record).
    f('lang', true, [], () => PRIMARY_CONTENT_LANGUAGE),
    f('publication_date', true, [], (e) => dayOf(e.firstPublishedAt)),
    f('last_change_date', true, [], (e) => dayOf(e.publishedAt)),
    f(
      'revision_date',
      true,
      ['reviewDueDate'],
      (e) => e.content.reviewDueDate,
      text('reviewDueDate'),
    ),
    f(
      'revision_note',
      false,
      ['revisionNote'],
      (e) => e.content.revisionNote,
      text('revisionNote'),
    ),
    {
      // Written as one text (the standard's type), a keyword with a comma in quotes; a JSON
      // list of keywords, which some registers write, is read as those keywords.
      ...f(
        'keywords',
        false,
        ['keywords'],
        (e) => keywordsText(e.content.keywords ?? []),
        (value, draft) => {
          const keywords = Array.isArray(value)
            ? (value as string[]).map((k) => k.trim()).filter(Boolean)
            : keywordsOf(String(value));
          if (keywords.length) draft.content.keywords = keywords;
        },
      ),
      takesList: true,
    },
  ];
}

/** An algorithm as an AlgoSTD v0.3.1 record, with what it could not fill. */
export function toAlgostd(entry: ExportEntry, settings: StandardsSettings): MappedFields {
  if (entry.kind !== EntryKind.ALGORITHM) throw new Error('AlgoSTD records describe algorithms');
  const mapped = mapFields(algostdFields(settings), entry, withheldText);
  for (const name of ALGOSTD_URLS) {
    const value = mapped.values[name];
    // A Swedish law's å, or a host in Swedish, is an IRI: the standard's url is its URI.
    if (typeof value === 'string') mapped.values[name] = asUri(value);
  }
  return mapped;
}
