import {
  AlgorithmType,
  AutomationLevel,
  ImpactAssessmentType,
  SensorType,
  EntryKind,
  EntryStatus,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
  AiActClass,
} from './entry-enums';

/** What `entries` may filter on; every field is backed by an index. */
export interface EntryListFilter {
  kinds?: EntryKind[];
  departmentSlugs?: string[];
  principleCodes?: string[];
  lifecycleStages?: LifecycleStage[];
  statuses?: EntryStatus[];
  riskClasses?: RiskClass[];
  aiActClasses?: AiActClass[];
  personalData?: PersonalDataLevel[];
  themes?: Theme[];
  updatedSince?: Date;
  reviewOverdue?: boolean;
  /** Whether the entry has ever been published (public knowledge). */
  hasPublishedVersion?: boolean;
  /** Whether the entry has an unpublished working version (staff only; false to the public). */
  hasPendingDraft?: boolean;
  /** Review due before this day (`YYYY-MM-DD`). */
  reviewDueBefore?: string;
  /** Published version published in [from, to). */
  publishedFrom?: Date;
  publishedTo?: Date;
  /** Bias assessment dated before / on or after this day (`YYYY-MM-DD`). */
  biasAssessedBefore?: string;
  biasAssessedAfter?: string;
  /** Has an impact assessment of each of these types / of none of these types. */
  impactAssessmentPresent?: ImpactAssessmentType[];
  impactAssessmentMissing?: ImpactAssessmentType[];
  /** Supplier names (case-insensitive, whole name). */
  suppliers?: string[];
  automationLevels?: AutomationLevel[];
  algorithmTypes?: AlgorithmType[];
  sensorTypes?: SensorType[];
  /** At least one of these filters holds (each combined with the rest of this filter by AND). */
  anyOf?: EntryListFilter[];
}

/** Which view of the register a list reads. */
export enum EntryListView {
  /** What this reader may see: the working version for their own entries (staff), else the published one. */
  WORKING = 'WORKING',
  /** What the public sees: published versions through the public projection, for everyone. */
  PUBLISHED = 'PUBLISHED',
}

export enum EntryOrder {
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
  TITLE_ASC = 'TITLE_ASC',
}

export const MAX_PAGE_SIZE = 100;

export interface EntryPageRequest {
  filter: EntryListFilter;
  orderBy: EntryOrder;
  first: number;
  after?: string;
  /** Default WORKING. */
  view?: EntryListView;
  /** What the public saw at this moment (implies the PUBLISHED view). */
  asOf?: Date;
}
