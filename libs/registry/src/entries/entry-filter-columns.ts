import { EntryContent } from './entry-content';

/** The indexed columns of entry_version that lists filter on, derived from the content. */
export function filterColumnsOf(content: EntryContent) {
  return {
    title: content.title,
    lifecycleStage: content.lifecycle?.stage ?? null,
    theme: content.theme ?? null,
    riskClass: content.algorithm?.riskClass ?? null,
    aiActClass: content.algorithm?.aiActClass ?? null,
    personalData: content.personalData ?? null,
    reviewDueDate: content.reviewDueDate ?? null,
    principleCodes: [...new Set((content.principles ?? []).map((p) => p.code))],
  };
}
