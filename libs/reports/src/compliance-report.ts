import type { ConcernResponseFigures } from '@insyn/concerns';

/** How many entries of one kind have one working status. */
export interface KindStatusCount {
  kind: string;
  status: string;
  count: number;
}

/** How many published entries lack one disclosure a reader expects. */
export interface MissingDisclosureCount {
  /** Catalogue path, e.g. `accountability.humanOversight`. */
  path: string;
  count: number;
}

/** How many published entries touch one principle, and their share of all published entries. */
export interface PrincipleCoverage {
  code: string;
  entries: number;
  /** entries / published entries, 0–1 (0 when nothing is published). */
  share: number;
}

/**
 * The compliance report of one department, or city-wide. "Published" means what the public sees
 * now: entries with a published version, not retired, read from that version.
 */
export interface ComplianceReport {
  /** Null for the city-wide report. */
  departmentId: string | null;
  departmentSlug: string | null;
  /** The department's Swedish name; null city-wide. */
  departmentName: string | null;
  /** The registry clock's day the report was computed on. */
  today: string;
  /** Every entry by kind and working status (drafts and retired entries included). */
  entriesByKindAndStatus: KindStatusCount[];
  published: number;
  /**
   * Of the published, those with a later version pending (a draft, or in review): in
   * `entriesByKindAndStatus` under that version's status, so its PUBLISHED counts and this add up
   * to `published`.
   */
  publishedWithPendingVersion: number;
  /** Published entries whose public page lacks a disclosure publication requires (blank or withheld). */
  publishedMissingDisclosures: number;
  missingDisclosures: MissingDisclosureCount[];
  /** Published entries whose review due date has passed. */
  overdueReviews: number;
  /** Published entries whose bias assessment is dated more than 12 months before today. */
  biasAssessmentsOlderThan12Months: number;
  /** Published algorithms of HIGH risk class or AI Act HIGH_RISK without any impact assessment. */
  highRiskWithoutImpactAssessment: number;
  concerns: ConcernResponseFigures & { targetDays: number };
  principles: PrincipleCoverage[];
}
