import type { ExportEntry, ExportRelation } from '../export/export-entry';

/**
 * The open-data record of an entry (entries.json, history.json): identity, public status and
 * version, department, publication dates, and the public content in Insyn's own shape (the field
 * catalogue's paths). Withheld fields are absent; `content.withheld` says which and why.
 * `relations` holds the entry's outgoing public links (an incoming one is the other entry's
 * outgoing link, in the same file).
 */
export function toOpenDataRecord(entry: ExportEntry): Record<string, unknown> {
  return {
    id: entry.id,
    slug: entry.slug,
    url: entry.url,
    kind: entry.kind,
    status: entry.status,
    version: entry.version,
    department: entry.department,
    firstPublishedAt: entry.firstPublishedAt?.toISOString() ?? null,
    publishedAt: entry.publishedAt?.toISOString() ?? null,
    retiredAt: entry.retiredAt?.toISOString() ?? null,
    retirementReason: entry.retirementReason,
    changeNote: entry.changeNote,
    content: entry.content,
    relations: outgoingRelations(entry).map(toOpenDataRelation),
  };
}

/** The entry's links to other entries (the public ones: ExportEntry.relations). */
export const outgoingRelations = (entry: ExportEntry): ExportRelation[] =>
  entry.relations.filter((r) => r.direction === 'OUTGOING');

/** One link in entries.json and history.json. */
function toOpenDataRelation(relation: ExportRelation): Record<string, unknown> {
  return {
    type: relation.type,
    entryId: relation.entryId,
    slug: relation.slug,
    url: relation.url,
    since: relation.since.toISOString(),
  };
}

/** One published version in history.json. */
export function toHistoryVersion(version: ExportEntry): Record<string, unknown> {
  return {
    version: version.version,
    publishedAt: version.publishedAt?.toISOString() ?? null,
    changeNote: version.changeNote,
    content: version.content,
  };
}
