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

/** One element of `publishedVersionsJsonSql`'s array. */
interface PublishedVersionJson {
  id: string;
  number: number;
  /** Milliseconds since the epoch, as pg's parser would read the timestamp (to the millisecond). */
  publishedAt: number | null;
  changeNote: string | null;
  publishedBy: string | null;
}

/**
 * A correlated subquery: the published versions of the entry whose id is `entryIdSql`, oldest
 * first, as a JSON array (null when there is none), for a page of entries to read them in its
 * own statement, through the index of UNIQUE (entry_id, number).
 */
export function publishedVersionsJsonSql(entryIdSql: string): string {
  return `(SELECT json_agg(json_build_object(
             'id', pv.id, 'number', pv.number,
             'publishedAt', floor(extract(epoch FROM pv.published_at) * 1000),
             'changeNote', pv.change_note, 'publishedBy', pv.published_by_label)
             ORDER BY pv.number)
     FROM entry_version pv
    WHERE pv.entry_id = ${entryIdSql}
      AND pv.state IN (${PUBLISHED_STATES.map((state) => `'${state}'`).join(', ')}))`;
}

/**
 * The summaries of `publishedVersionsJsonSql`'s array for entry `entryId`; `staff`: the reader is
 * the entry's staff, who alone is told who published.
 */
export function summariesOfJson(
  entryId: string,
  json: readonly PublishedVersionJson[] | null,
  staff: boolean,
): PublishedVersionSummary[] {
  return (json ?? []).map((version) => ({
    versionId: version.id,
    entryId,
    number: version.number,
    // Null as pg gives it (a published version always has its time).
    publishedAt: (version.publishedAt === null ? null : new Date(version.publishedAt)) as Date,
    changeNote: version.changeNote,
    publishedBy: staff ? version.publishedBy : null,
  }));
}
