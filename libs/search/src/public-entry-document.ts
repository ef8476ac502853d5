import {
  AiActClass,
  ContentLanguage,
  EntryKind,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';

/** What the public sees of an entry's workflow state: published, or retired (still public). */
export enum PublicEntryStatus {
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}

/**
 * One published entry as the public search index holds it. Built only by
 * `toPublicEntryDocument` from the published version's public projection; nothing else may
 * write documents. Dates are epoch milliseconds (sortable numbers).
 */
export interface PublicEntryDocument {
  /** The entry id (primary key). */
  id: string;
  slug: string;
  kind: EntryKind;
  /** Number of the published version. */
  version: number;
  title: string;
  /** `swedishSortKey(title)`: what sorting by title sorts on (Swedish order, å ä ö after z). */
  titleSortKey: string;
  summary: string;
  /** The title and summary in other languages (the content's translations). */
  translations: PublicTranslation[];
  description: string | null;
  keywords: string[];
  departmentId: string;
  departmentSlug: string;
  departmentNameSv: string;
  departmentNameEn: string;
  principleCodes: string[];
  lifecycle: LifecycleStage | null;
  status: PublicEntryStatus;
  riskClass: RiskClass | null;
  aiActClass: AiActClass | null;
  personalData: PersonalDataLevel | null;
  theme: Theme | null;
  /** YYYY-MM-DD */
  reviewDueDate: string | null;
  /** The review date has passed and the entry is not retired (as of indexing; verify refreshes). */
  reviewOverdue: boolean;
  /** Concerns come later; false until then. */
  hasOpenConcerns: boolean;
  /** Accountability and non-discrimination disclosures, purpose, legal basis, principle rationales. */
  disclosures: string[];
  /** Kind-specific descriptions (decision process, technology, publisher, …). */
  details: string[];
  /**
   * What the public pages call its values, in Swedish and English: kind, status and every enum
   * value of the public content ("Hög risk", "High risk", "Maskininlärning (lär sig av data)"),
   * so that a reader finds it by the words a page shows. Searched, never returned nor highlighted.
   */
  valueLabels: string[];
  /**
   * The parts of the Swedish compound words in the title, summary, keywords and description
   * (`skol`, `skjuts` of "Skolskjuts"), searched last: Meilisearch does not split Swedish words.
   */
  compoundParts: string[];
  /** When the published version was published. */
  publishedAt: number;
  firstPublishedAt: number | null;
  /** When the public view last changed: the latest publication or the retirement. */
  updatedAt: number;
  retiredAt: number | null;
  /** Digest of every other field: the verify job compares it to spot stale documents. */
  syncHash: string;
}

/** An entry's title and summary in another language; empty strings where not translated. */
export interface PublicTranslation {
  language: ContentLanguage;
  title: string;
  summary: string;
}

/** The fields the verify job reads back from the index. */
export type IndexedEntrySignature = Pick<PublicEntryDocument, 'id' | 'version' | 'syncHash'>;
