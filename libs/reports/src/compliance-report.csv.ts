import { ComplianceReport } from './compliance-report';

/** The columns of the compliance report CSV: one figure a row. */
export const COMPLIANCE_CSV_HEADER = [
  'scope',
  'department',
  'section',
  'item',
  'detail',
  'value',
] as const;

/** The scope column: the department's slug, or `city` for the city-wide report (no department name). */
export const CITY_SCOPE = 'city';

/**
 * The rows of one report, in a long format a spreadsheet pivots easily: each row one figure,
 * named by section, item and detail.
 */
export function complianceReportRows(report: ComplianceReport): (string | number | null)[][] {
  const scope = report.departmentSlug ?? CITY_SCOPE;
  const department = report.departmentName ?? '';
  const row = (section: string, item: string, detail: string, value: number | null) => [
    scope,
    department,
    section,
    item,
    detail,
    value,
  ];
  const c = report.concerns;
  return [
    ...report.entriesByKindAndStatus.map((r) => row('entries', r.kind, r.status, r.count)),
    row('published', 'entries', '', report.published),
    row('published', 'withPendingVersion', '', report.publishedWithPendingVersion),
    row('published', 'missingDisclosures', '', report.publishedMissingDisclosures),
    ...report.missingDisclosures.map((r) => row('missingDisclosure', r.path, '', r.count)),
    row('published', 'overdueReviews', '', report.overdueReviews),
    row(
      'published',
      'biasAssessmentsOlderThan12Months',
      '',
      report.biasAssessmentsOlderThan12Months,
    ),
    row('published', 'highRiskWithoutImpactAssessment', '', report.highRiskWithoutImpactAssessment),
    row('concerns', 'filed', '', c.filed),
    row('concerns', 'open', '', c.open),
    row('concerns', 'answered', '', c.answered),
    row('concerns', 'medianDaysToFirstResponse', '', c.medianDaysToFirstResponse),
    row('concerns', 'averageDaysToFirstResponse', '', c.averageDaysToFirstResponse),
    row('concerns', 'overdue', `over ${c.targetDays} days`, c.overdue),
    ...report.principles.flatMap((p) => [
      row('principle', p.code, 'entries', p.entries),
      row('principle', p.code, 'share', p.share),
    ]),
  ];
}
