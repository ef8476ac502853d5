import {
  AiActClass,
  ContentLanguage,
  EntryKind,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { PublicEntryStatus } from '../public-entry-document';

/** Each list matches any of its values; the fields combine with AND. */
export interface PublicSearchFilter {
  kind?: EntryKind[];
  /** Department slugs. */
  department?: string[];
  /** Principle codes. */
  principle?: string[];
  lifecycle?: LifecycleStage[];
  status?: PublicEntryStatus[];
  riskClass?: RiskClass[];
  aiActClass?: AiActClass[];
  personalData?: PersonalDataLevel[];
  theme?: Theme[];
  reviewOverdue?: boolean;
  hasOpenConcerns?: boolean;
  /** Published (its current version) on or after this day, YYYY-MM-DD (UTC). */
  publishedFrom?: string;
  /** Published (its current version) on or before this day, YYYY-MM-DD (UTC). */
  publishedTo?: string;
}

/** The facets a search may ask counts for. */
export enum SearchFacet {
  KIND = 'KIND',
  DEPARTMENT = 'DEPARTMENT',
  PRINCIPLE = 'PRINCIPLE',
  LIFECYCLE = 'LIFECYCLE',
  STATUS = 'STATUS',
  RISK_CLASS = 'RISK_CLASS',
  AI_ACT_CLASS = 'AI_ACT_CLASS',
  PERSONAL_DATA = 'PERSONAL_DATA',
  THEME = 'THEME',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  HAS_OPEN_CONCERNS = 'HAS_OPEN_CONCERNS',
}

/**
 * Each facet's document attribute, and the filter field its values are chosen with. A facet
 * whose field filters is counted without that field's own filter (disjunctive faceting): a
 * chosen department still shows how many each other department would add, since a field's
 * values combine with OR.
 */
const FACET_FIELDS: Record<SearchFacet, { attribute: string; filter: keyof PublicSearchFilter }> = {
  [SearchFacet.KIND]: { attribute: 'kind', filter: 'kind' },
  [SearchFacet.DEPARTMENT]: { attribute: 'departmentSlug', filter: 'department' },
  [SearchFacet.PRINCIPLE]: { attribute: 'principleCodes', filter: 'principle' },
  [SearchFacet.LIFECYCLE]: { attribute: 'lifecycle', filter: 'lifecycle' },
  [SearchFacet.STATUS]: { attribute: 'status', filter: 'status' },
  [SearchFacet.RISK_CLASS]: { attribute: 'riskClass', filter: 'riskClass' },
  [SearchFacet.AI_ACT_CLASS]: { attribute: 'aiActClass', filter: 'aiActClass' },
  [SearchFacet.PERSONAL_DATA]: { attribute: 'personalData', filter: 'personalData' },
  [SearchFacet.THEME]: { attribute: 'theme', filter: 'theme' },
  [SearchFacet.REVIEW_OVERDUE]: { attribute: 'reviewOverdue', filter: 'reviewOverdue' },
  [SearchFacet.HAS_OPEN_CONCERNS]: { attribute: 'hasOpenConcerns', filter: 'hasOpenConcerns' },
};

const facetTable = <K extends 'attribute' | 'filter'>(key: K) =>
  Object.fromEntries(
    Object.entries(FACET_FIELDS).map(([facet, fields]) => [facet, fields[key]]),
  ) as Record<SearchFacet, (typeof FACET_FIELDS)[SearchFacet][K]>;

/** The document attribute behind each facet. */
export const FACET_ATTRIBUTES = facetTable('attribute');

/** The filter field each facet's values are chosen with (see FACET_FIELDS). */
export const FACET_FILTER_FIELDS = facetTable('filter');

export enum SearchSortField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  FIRST_PUBLISHED_AT = 'FIRST_PUBLISHED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}

export enum SearchSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

export const SORT_ATTRIBUTES: Record<SearchSortField, string> = {
  [SearchSortField.PUBLISHED_AT]: 'publishedAt',
  [SearchSortField.FIRST_PUBLISHED_AT]: 'firstPublishedAt',
  [SearchSortField.UPDATED_AT]: 'updatedAt',
  [SearchSortField.TITLE]: 'titleSortKey',
};

export interface PublicSearchSort {
  field: SearchSortField;
  direction: SearchSortDirection;
}

export interface PublicSearchParams {
  query?: string | null;
  filter?: PublicSearchFilter | null;
  facets?: SearchFacet[] | null;
  /**
   * Applied in order, before relevance (which breaks ties); with a query, a sorted search
   * returns only documents that match every word. Without it, relevance.
   */
  sort?: PublicSearchSort[] | null;
  /** 1 … MAX_SEARCH_LIMIT */
  limit: number;
  /** 0 … MAX_SEARCH_OFFSET */
  offset: number;
  /**
   * Also retrieve and highlight each hit's title and summary in its other languages (the site
   * shows them). Default false: `translations` is empty, and Meilisearch highlights less.
   */
  translations?: boolean;
}

export interface PublicSearchHit {
  id: string;
  slug: string;
  kind: EntryKind;
  title: string;
  summary: string;
  /** HTML: the title, escaped, with matches in <mark>…</mark>. */
  titleHighlighted: string;
  /** HTML: the summary, escaped, with matches in <mark>…</mark>. */
  summaryHighlighted: string;
  /** The title and summary in other languages, highlighted alike (only when asked for). */
  translations: {
    language: ContentLanguage;
    title: string;
    summary: string;
    titleHighlighted: string;
    summaryHighlighted: string;
  }[];
  department: { id: string; slug: string; nameSv: string; nameEn: string };
  principleCodes: string[];
  status: PublicEntryStatus;
  lifecycle: LifecycleStage | null;
  /** Null where not public (withheld) or not an algorithm. */
  riskClass: RiskClass | null;
  aiActClass: AiActClass | null;
  personalData: PersonalDataLevel | null;
  reviewOverdue: boolean;
  publishedAt: Date;
  updatedAt: Date;
}

export interface FacetCounts {
  facet: SearchFacet;
  values: { value: string; count: number }[];
}

export interface PublicSearchResult {
  hits: PublicSearchHit[];
  facetDistribution: FacetCounts[];
  estimatedTotalHits: number;
  processingTimeMs: number;
  limit: number;
  offset: number;
}
