import {
  AiActClass,
  EntryKind,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { BadInputError, FieldProblem } from '@insyn/errors';
import { PublicEntryStatus } from '../public-entry-document';
import { PublicSearchFilter } from './public-search-query';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CODE = /^[A-Z][A-Z0-9_]*$/;

type ListField = Exclude<
  keyof PublicSearchFilter,
  'reviewOverdue' | 'hasOpenConcerns' | 'publishedFrom' | 'publishedTo'
>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Midnight UTC of a YYYY-MM-DD day, in epoch milliseconds; undefined for anything else. */
function dayStart(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DAY.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value
    ? undefined
    : time;
}

/** How each list field is checked: an enum's values, or a pattern. */
const LIST_FIELDS: Record<ListField, { attribute: string; allowed: Set<string> | RegExp }> = {
  kind: { attribute: 'kind', allowed: values(EntryKind) },
  department: { attribute: 'departmentSlug', allowed: SLUG },
  principle: { attribute: 'principleCodes', allowed: CODE },
  lifecycle: { attribute: 'lifecycle', allowed: values(LifecycleStage) },
  status: { attribute: 'status', allowed: values(PublicEntryStatus) },
  riskClass: { attribute: 'riskClass', allowed: values(RiskClass) },
  aiActClass: { attribute: 'aiActClass', allowed: values(AiActClass) },
  personalData: { attribute: 'personalData', allowed: values(PersonalDataLevel) },
  theme: { attribute: 'theme', allowed: values(Theme) },
};

/** At most this many values per list (the vocabularies are small; slugs are the longest list). */
export const MAX_FILTER_VALUES = 50;

/**
 * The Meilisearch filter expression for a typed filter. Every value is checked against its
 * vocabulary (or pattern) and quoted with escapes, so no input can change the expression's
 * structure. Returns undefined when nothing filters.
 */
export function buildSearchFilter(
  filter: PublicSearchFilter | null | undefined,
): string | undefined {
  if (!filter) return undefined;
  const problems: FieldProblem[] = [];
  const clauses: string[] = [];
  for (const [field, rule] of Object.entries(LIST_FIELDS) as [
    ListField,
    (typeof LIST_FIELDS)[ListField],
  ][]) {
    const list = filter[field] as unknown;
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || list.length > MAX_FILTER_VALUES) {
      problems.push({
        field: `filter.${field}`,
        message: `must be a list of at most ${MAX_FILTER_VALUES} values`,
      });
      continue;
    }
    const bad = list.filter(
      (v) =>
        typeof v !== 'string' ||
        (rule.allowed instanceof RegExp ? !rule.allowed.test(v) : !rule.allowed.has(v)),
    );
    if (bad.length) {
      problems.push({ field: `filter.${field}`, message: 'contains a value that is not allowed' });
      continue;
    }
    if (list.length === 0) continue;
    clauses.push(`${rule.attribute} IN [${[...new Set(list as string[])].map(quote).join(', ')}]`);
  }
  for (const field of ['reviewOverdue', 'hasOpenConcerns'] as const) {
    const value = filter[field] as unknown;
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') {
      problems.push({ field: `filter.${field}`, message: 'must be true or false' });
      continue;
    }
    clauses.push(`${field} = ${value}`);
  }
  const range: Record<'publishedFrom' | 'publishedTo', number | undefined> = {
    publishedFrom: undefined,
    publishedTo: undefined,
  };
  for (const field of ['publishedFrom', 'publishedTo'] as const) {
    const value = filter[field] as unknown;
    if (value === undefined || value === null) continue;
    range[field] = dayStart(value);
    if (range[field] === undefined)
      problems.push({ field: `filter.${field}`, message: 'must be a date, YYYY-MM-DD' });
  }
  const { publishedFrom: from, publishedTo: to } = range;
  if (from !== undefined && to !== undefined && to < from)
    problems.push({ field: 'filter.publishedTo', message: 'must not be before publishedFrom' });
  if (from !== undefined) clauses.push(`publishedAt >= ${from}`);
  // The whole last day: before the next day's midnight.
  if (to !== undefined) clauses.push(`publishedAt < ${to + DAY_MS}`);
  if (problems.length) throw new BadInputError(problems);
  return clauses.length ? clauses.join(' AND ') : undefined;
}

/** A Meilisearch filter string literal: double quotes, with `\` and `"` escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function values(enumeration: Record<string, string>): Set<string> {
  return new Set(Object.values(enumeration));
}
