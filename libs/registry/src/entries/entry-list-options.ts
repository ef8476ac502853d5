import {
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
}
