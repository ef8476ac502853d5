import {
  EntryKind,
  EntryStatus,
  ModelDescription,
  RelationType,
  WithheldInformation,
} from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import {
  dayOf,
  joined,
  mapFields,
  StandardField,
  UnfilledField,
  WithheldField,
} from '../mapping/standard-field';
import {
  impactAssessmentsText,
  keywordsText,
  modelsText,
  monitoringText,
  protectedCharacteristicsText,
  suppliersText,
} from '../mapping/entry-texts';
import { linkedEntries } from '../mapping/linked-entries';
import { ATRS_FUNCTION, ATRS_PHASE } from '../mapping/vocabularies';
import { StandardsSettings } from '../standards-settings';

/**
 * UK Algorithmic Transparency Recording Standard v3.0 (Tier 1 and Tier 2), for algorithms. The
 * record holds every attribute of the standard (test data `uk-atrs-v3.0-fields.csv`) in its
 * category, null where the entry does not say; Model Specification repeats per model.
 * "Required" is the template's (`uk-atrs-v3.0-template_table.md`).
 */
export const ATRS_VERSION = '3.0';

/** The standard's categories as record keys. */
export const ATRS_CATEGORIES = {
  Metadata: 'metadata',
  'Title Information': 'title_information',
  'Tier 1 Information': 'tier_1_information',
  'Owner and Responsibility': 'owner_and_responsibility',
  'Description and Rationale': 'description_and_rationale',
  'Decision-making Process': 'decision_making_process',
  'Tool Specification': 'tool_specification',
  'Model Specification': 'model_specification',
  'Data Specification': 'data_specification',
  'Risks, mitigations and impact assessments': 'risks_mitigations_and_impact_assessments',
} as const;
type Category = (typeof ATRS_CATEGORIES)[keyof typeof ATRS_CATEGORIES];

interface AtrsField extends StandardField {
  ref: string;
  category: Category;
}

const withheldText = (w: WithheldInformation) =>
  `Withheld: ${w.legalGround}${w.until ? ` (until ${w.until})` : ''}`;

const NO_DATASET = 'the entry has no public USES_DATASET link to a dataset';

/** The titles or entry pages of the datasets the algorithm uses, `; `-separated. */
const usedDatasets = (entry: ExportEntry, part: 'title' | 'url'): string | undefined =>
  joined(
    linkedEntries(entry, [RelationType.USES_DATASET]).map((l) => l[part]),
    '; ',
  );

function atrsFields(settings: StandardsSettings): AtrsField[] {
  const f = (
    ref: string,
    category: Category,
    name: string,
    required: boolean,
    from: string[],
    value: StandardField['value'],
    gap?: string,
  ): AtrsField => ({ ref, category, name, required, from, value, gap });
  const none = () => undefined;
  const phase = (e: ExportEntry) =>
    e.status === EntryStatus.RETIRED
      ? ATRS_PHASE.RETIRED
      : e.content.lifecycle?.stage
        ? ATRS_PHASE[e.content.lifecycle.stage]
        : undefined;
  const M = 'metadata' as const;
  const T = 'title_information' as const;
  const T1 = 'tier_1_information' as const;
  const O = 'owner_and_responsibility' as const;
  const D = 'description_and_rationale' as const;
  const P = 'decision_making_process' as const;
  const S = 'tool_specification' as const;
  const DS = 'data_specification' as const;
  const R = 'risks_mitigations_and_impact_assessments' as const;
  return [
    f('0.1', M, 'id', true, [], none, 'assigned by the ATRS repository when published there'),
    f('0.2', M, 'standard_version', true, [], () => ATRS_VERSION),
    f('0.3', M, 'organisation_type', true, [], () => 'local-authority'),
    f('0.4', M, 'function', true, ['theme'], (e) =>
      e.content.theme ? ATRS_FUNCTION[e.content.theme] : undefined,
    ),
    f('0.5', M, 'capability', true, [], none, 'Insyn does not classify capabilities'),
    f('0.6', M, 'task', true, [], none, 'Insyn does not classify tasks'),
    f('0.7', M, 'tags', true, ['keywords'], (e) => keywordsText(e.content.keywords ?? [])),
    f('0.8', M, 'date_of_completion', true, [], (e) => dayOf(e.firstPublishedAt)),
    f('0.9', M, 'date_updated', true, [], (e) => dayOf(e.publishedAt)),
    f('0.10', M, 'date_archived', true, [], (e) => dayOf(e.retiredAt)),
    f('0.11', T, 'title', true, ['title'], (e) => e.content.title),
    f('0.12', T, 'organisation_name', true, [], () => settings.organisationName),
    f('0.13', T, 'phase', true, ['lifecycle.stage'], phase),
    f('0.14', T, 'region', true, [], none, 'ATRS regions are UK regions'),
    f('0.15', T, 'one_sentence_description', true, ['summary'], (e) => e.content.summary),
    f('1.1', T1, 'name', true, ['title'], (e) => e.content.title),
    f('1.2', T1, 'description', true, ['summary'], (e) => e.content.summary),
    f('1.3', T1, 'website_url', true, [], (e) => e.url),
    f('1.4', T1, 'contact_email', true, ['contact.email'], (e) => e.content.contact?.email),
    f('2.1.1', O, 'organisation_or_department', true, [], (e) => e.department.nameEn),
    f('2.1.2', O, 'team', true, ['responsibleTeam'], (e) => e.content.responsibleTeam),
    f(
      '2.1.3',
      O,
      'senior_responsible_owner',
      true,
      ['accountability.accountableOwner'],
      (e) => e.content.accountability?.accountableOwner,
    ),
    f('2.1.4', O, 'external_supplier_involvement', true, ['suppliers'], (e) =>
      e.content.suppliers === undefined ? undefined : e.content.suppliers.length ? 'Yes' : 'No',
    ),
    f('2.1.4.1', O, 'external_supplier', false, ['suppliers.name'], (e) =>
      suppliersText(e.content, (s) => s.name),
    ),
    f('2.1.4.2', O, 'companies_house_number', false, ['suppliers.orgNumber'], (e) =>
      suppliersText(e.content, (s) => s.orgNumber),
    ),
    f('2.1.4.3', O, 'external_supplier_role', false, ['suppliers.role'], (e) =>
      suppliersText(e.content, (s) => s.role),
    ),
    f('2.1.4.4', O, 'procurement_procedure_type', false, ['suppliers.procurementType'], (e) =>
      suppliersText(e.content, (s) => s.procurementType),
    ),
    f('2.1.4.5', O, 'data_access_terms', false, [], none),
    f('2.2.1', D, 'detailed_description', false, ['description'], (e) => e.content.description),
    f('2.2.2', D, 'scope', true, ['purpose'], (e) => e.content.purpose),
    f('2.2.3', D, 'benefit', true, [], none, 'Insyn records the purpose (scope), not benefits'),
    f('2.2.4', D, 'previous_process', false, [], none),
    f(
      '2.2.5',
      D,
      'alternatives_considered',
      false,
      ['algorithm.alternativesConsidered'],
      (e) => e.content.algorithm?.alternativesConsidered,
    ),
    f(
      '2.3.1',
      P,
      'process_integration',
      true,
      ['algorithm.decisionProcess'],
      (e) => e.content.algorithm?.decisionProcess,
    ),
    f('2.3.2', P, 'provided_information', true, ['algorithm.models.output'], (e) =>
      joined(
        (e.content.algorithm?.models ?? []).map((m) => m.output),
        '; ',
      ),
    ),
    f(
      '2.3.3',
      P,
      'frequency_and_scale_of_usage',
      true,
      ['algorithm.impactOnPeople.decisionsPerYear'],
      (e) => {
        const n = e.content.algorithm?.impactOnPeople?.decisionsPerYear;
        return n === undefined ? undefined : `About ${n} decisions a year.`;
      },
    ),
    f(
      '2.3.4',
      P,
      'human_decisions_and_review',
      true,
      ['accountability.humanOversight'],
      (e) => e.content.accountability?.humanOversight,
    ),
    f('2.3.5', P, 'required_training', true, [], none, 'Insyn does not record training'),
    f(
      '2.3.6',
      P,
      'appeals_and_review',
      false,
      ['accountability.appealProcess'],
      (e) => e.content.accountability?.appealProcess,
    ),
    f(
      '2.4.1.1',
      S,
      'system_architecture',
      true,
      ['algorithm.technicalDescription'],
      (e) => e.content.algorithm?.technicalDescription,
    ),
    f('2.4.1.2', S, 'phase', true, ['lifecycle.stage'], phase),
    f('2.4.1.3', S, 'maintenance', true, ['algorithm.monitoring'], (e) =>
      monitoringText(e.content),
    ),
    f('2.4.1.4', S, 'models', true, ['algorithm.models'], (e) => modelsText(e.content)),
    // The datasets the algorithm uses: its public USES_DATASET links (each dataset's own entry
    // describes it; its page is the URL).
    f('2.4.3.1', DS, 'source_data_name', true, [], (e) => usedDatasets(e, 'title'), NO_DATASET),
    f('2.4.3.2', DS, 'data_modality', true, [], none),
    f(
      '2.4.3.3',
      DS,
      'data_description',
      true,
      [],
      none,
      'each dataset is an Insyn entry of its own, which describes it (source_data_url)',
    ),
    f('2.4.3.4', DS, 'data_quantities', true, [], none),
    // The fields the text is made of, not all of nonDiscrimination: a withheld bias assessment
    // date is no part of it.
    f(
      '2.4.3.5',
      DS,
      'sensitive_attributes',
      true,
      [
        'nonDiscrimination.protectedCharacteristics',
        'nonDiscrimination.noProtectedCharacteristicsStatement',
        'nonDiscrimination.proxyVariables',
      ],
      (e) => protectedCharacteristicsText(e.content),
    ),
    f('2.4.3.6', DS, 'data_completeness_and_representativeness', true, [], none),
    f('2.4.3.7', DS, 'source_data_url', true, [], (e) => usedDatasets(e, 'url'), NO_DATASET),
    f('2.4.3.8', DS, 'data_collection', true, [], none),
    f('2.4.3.9', DS, 'data_cleaning', false, [], none),
    f('2.4.3.10', DS, 'data_sharing_agreements', true, [], none),
    f('2.4.3.11', DS, 'data_access_and_storage', true, [], none),
    f(
      '2.5.1',
      R,
      'impact_assessment',
      true,
      ['impactAssessments', 'noImpactAssessmentReason'],
      (e) => impactAssessmentsText(e.content) ?? e.content.noImpactAssessmentReason,
    ),
    f(
      '2.5.2',
      R,
      'risks_and_mitigations',
      true,
      ['algorithm.risksAndMitigations'],
      (e) => e.content.algorithm?.risksAndMitigations,
    ),
  ];
}

/** Model Specification (2.4.2.x), once per model. */
const MODEL_FIELDS: [string, string, boolean, (m: ModelDescription) => string | undefined][] = [
  ['2.4.2.1', 'model_name', true, (m) => m.name],
  ['2.4.2.2', 'model_version', true, (m) => m.version],
  ['2.4.2.3', 'model_task', true, (m) => m.task],
  ['2.4.2.4', 'model_input', true, (m) => m.input],
  ['2.4.2.5', 'model_output', true, (m) => m.output],
  ['2.4.2.6', 'model_architecture', true, () => undefined],
  ['2.4.2.7', 'model_performance', true, (m) => m.performance],
  ['2.4.2.8', 'datasets', true, () => undefined],
  ['2.4.2.9', 'dataset_purposes', true, () => undefined],
];

/** The keys of an ATRS record: its categories, and the fields in them (models' too). */
export const ATRS_KEYS: readonly string[] = [
  ...Object.values(ATRS_CATEGORIES),
  // The settings only fill values in: the names are the same for every registry.
  ...atrsFields({ publicUrl: '', organisationName: '' }).map((f) => f.name),
  ...MODEL_FIELDS.map(([, name]) => name),
];

/** Catalogue paths the ATRS mapping reads (for the unit test). */
export const ATRS_FIELD_PATHS = (settings: StandardsSettings): string[] =>
  atrsFields(settings).flatMap((f) => f.from);

export interface AtrsRecord {
  record: Record<Category, unknown>;
  unfilled: UnfilledField[];
  withheld: WithheldField[];
}

/** An algorithm as an ATRS v3 record, with what it could not fill. */
export function toAtrs(entry: ExportEntry, settings: StandardsSettings): AtrsRecord {
  if (entry.kind !== EntryKind.ALGORITHM) throw new Error('ATRS records describe algorithms');
  const fields = atrsFields(settings);
  const mapped = mapFields(fields, entry, withheldText);
  const record = Object.fromEntries(
    Object.values(ATRS_CATEGORIES).map((c) => [c, c === 'model_specification' ? [] : {}]),
  ) as Record<Category, Record<string, unknown>>;
  for (const field of fields) record[field.category][field.name] = mapped.values[field.name];
  const models = entry.content.algorithm?.models ?? [];
  const unfilled = [...mapped.unfilled];
  (record as Record<string, unknown>).model_specification = models.map((model, i) => {
    const item: Record<string, unknown> = {};
    for (const [, name, required, value] of MODEL_FIELDS) {
      item[name] = value(model) ?? null;
      if (required && item[name] === null)
        unfilled.push({
          field: `model_specification.${i}.${name}`,
          reason:
            name === 'model_architecture'
              ? 'Insyn records the algorithm type, not each model’s architecture'
              : name.startsWith('dataset')
                ? 'Insyn links datasets to the algorithm, not to each model (source_data_name names them)'
                : `the entry does not say (algorithm.models.${name.replace('model_', '')})`,
        });
    }
    return item;
  });
  if (!models.length) {
    const w = (entry.content.withheld ?? []).find((x) =>
      ['algorithm', 'algorithm.models'].includes(x.field),
    );
    if (!w)
      unfilled.push({
        field: 'model_specification',
        reason: 'the entry lists no models (algorithm.models)',
      });
    else
      mapped.withheld.push({
        field: 'model_specification',
        withheld: w.field,
        legalGround: w.legalGround,
        ...(w.until ? { until: w.until } : {}),
      });
  }
  return { record, unfilled, withheld: mapped.withheld };
}
