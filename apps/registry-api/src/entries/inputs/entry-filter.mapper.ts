import { EntryListFilter } from '@insyn/registry';
import { EntryFilterFieldsInput, EntryFilterInput } from './entries.args';

/** The GraphQL filter → the registry's list filter (one vocabulary, plural names in the domain). */
export function toListFilter(
  filter: EntryFilterInput | EntryFilterFieldsInput | null | undefined,
): EntryListFilter {
  const f: EntryFilterInput | EntryFilterFieldsInput = filter ?? {};
  return {
    kinds: f.kind,
    departmentSlugs: f.department,
    principleCodes: f.principle,
    lifecycleStages: f.lifecycle,
    statuses: f.status,
    riskClasses: f.riskClass,
    aiActClasses: f.aiActClass,
    personalData: f.personalData,
    themes: f.theme,
    updatedSince: f.updatedSince,
    reviewOverdue: f.reviewOverdue,
    hasPublishedVersion: f.hasPublishedVersion,
    hasPendingDraft: f.hasPendingDraft,
    reviewDueBefore: f.reviewDueBefore,
    publishedFrom: f.publishedFrom,
    publishedTo: f.publishedTo,
    biasAssessedBefore: f.biasAssessedBefore,
    biasAssessedAfter: f.biasAssessedAfter,
    impactAssessmentPresent: f.impactAssessmentPresent,
    impactAssessmentMissing: f.impactAssessmentMissing,
    suppliers: f.supplier,
    automationLevels: f.automationLevel,
    algorithmTypes: f.algorithmType,
    sensorTypes: f.sensorType,
    anyOf:
      'anyOf' in f
        ? f.anyOf?.map((group: EntryFilterFieldsInput) => toListFilter(group))
        : undefined,
  };
}
