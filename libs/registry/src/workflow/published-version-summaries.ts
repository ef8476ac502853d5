import { VersionState } from '../entries/entry-version.entity';

/** The states of a version that was published: the public history. */
export const PUBLISHED_STATES = [VersionState.PUBLISHED, VersionState.SUPERSEDED];

/**
 * One published version of an entry without its content: what a list of versions shows. The
 * version as the reader may see it (its content) is `versionViews`' to load, when asked for.
 */
export interface PublishedVersionSummary {
  versionId: string;
  entryId: string;
  number: number;
  publishedAt: Date;
  changeNote: string | null;
  /** Label of the token that published it; null unless the reader is the entry's staff. */
  publishedBy: string | null;
}
