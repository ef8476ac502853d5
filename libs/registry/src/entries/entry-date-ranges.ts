import { FieldProblem } from '@insyn/errors';
import { EntryContent } from './entry-content';

/** The date ranges of a content: an end date must not be before its start date. */
const DATE_RANGES: { at: string; start: string; end: string }[] = [
  { at: 'lifecycle', start: 'startDate', end: 'endDate' },
  { at: 'dataset.temporalCoverage', start: 'start', end: 'end' },
  { at: 'iotDeployment', start: 'activeFrom', end: 'activeUntil' },
];

/**
 * Ranges whose end is before their start, each named by the input path of its end
 * (`input.lifecycle.endDate`). The inputs check a range given whole; this checks the content after
 * a patch merged into it, where the start may be stored and only the end given.
 */
export function dateRangeProblems(content: EntryContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const range of DATE_RANGES) {
    const holder = range.at
      .split('.')
      .reduce<unknown>(
        (value, key) => (value as Record<string, unknown> | undefined)?.[key],
        content,
      ) as Record<string, unknown> | undefined;
    const start = holder?.[range.start];
    const end = holder?.[range.end];
    if (typeof start === 'string' && typeof end === 'string' && end < start) {
      problems.push({
        field: `input.${range.at}.${range.end}`,
        message: `${range.end} must not be before ${range.start} (${start})`,
      });
    }
  }
  return problems;
}
