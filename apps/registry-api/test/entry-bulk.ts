import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  EntryContent,
  EntryKind,
  EntryStatus,
  EntryVersionEntity,
  isoDay,
  versionColumnsOf,
  RelationType,
  VersionState,
} from '@insyn/registry';

/** One version of a bulk entry: its content and when it was last written (published, for published states). */
export interface BulkVersion {
  state: VersionState;
  content: EntryContent;
  at: Date;
}

export interface BulkEntry {
  id?: string;
  slug: string;
  kind: EntryKind;
  departmentId: string;
  status: EntryStatus;
  /** Oldest first; numbered 1, 2, … The last one is the working version. */
  versions: BulkVersion[];
  /** Number of the version the public sees, if any. */
  publishedNumber?: number;
  retiredAt?: Date;
}

/**
 * Writes entries, their versions and relations straight into the tables, in one transaction: a
 * test needing hundreds of entries gets them in well under a second. The version rows carry the
 * columns the registry copies out of the content for filtering, derived by the registry's own
 * versionColumnsOf.
 */
export async function insertBulkEntries(db: DataSource, bulk: BulkEntry[]): Promise<string[]> {
  const entries: Record<string, unknown>[] = [];
  const versions: Record<string, unknown>[] = [];
  for (const b of bulk) {
    const id = b.id ?? randomUUID();
    const versionIds = b.versions.map(() => randomUUID());
    b.versions.forEach((v, i) => {
      const { content } = v;
      const published = v.state === VersionState.PUBLISHED || v.state === VersionState.SUPERSEDED;
      versions.push({
        id: versionIds[i],
        entry_id: id,
        department_id: b.departmentId,
        number: i + 1,
        state: v.state,
        content,
        ...filterColumnsInSql(content, b.kind),
        change_note: published ? `Version ${i + 1}` : null,
        created_at: v.at.toISOString(),
        updated_at: v.at.toISOString(),
        created_by_label: 'bulk',
        updated_by_label: 'bulk',
        published_at: published ? v.at.toISOString() : null,
        published_by_label: published ? 'bulk' : null,
      });
    });
    const published = b.publishedNumber ? b.versions[b.publishedNumber - 1] : undefined;
    const firstPublished = b.versions.find(
      (v) => v.state === VersionState.PUBLISHED || v.state === VersionState.SUPERSEDED,
    );
    const last = b.versions.at(-1)!;
    entries.push({
      id,
      slug: b.slug,
      kind: b.kind,
      department_id: b.departmentId,
      status: b.status,
      version: b.versions.length,
      current_version_id: versionIds.at(-1),
      published_version_id: b.publishedNumber ? versionIds[b.publishedNumber - 1] : null,
      first_published_at: firstPublished?.at.toISOString() ?? null,
      last_published_at: published?.at.toISOString() ?? null,
      retired_at: b.retiredAt?.toISOString() ?? null,
      retirement_reason: b.retiredAt ? 'Retired in bulk' : null,
      created_at: b.versions[0].at.toISOString(),
      updated_at: last.at.toISOString(),
    });
  }
  await db.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO entry SELECT * FROM jsonb_populate_recordset(NULL::entry, $1::jsonb)`,
      [JSON.stringify(entries)],
    );
    // Named, not `*`: PostgreSQL fills the generated ones (`withheld`) and refuses them a value.
    const written = db
      .getMetadata(EntryVersionEntity)
      .columns.filter((c) => c.isInsert)
      .map((c) => `"${c.databaseName}"`)
      .join(', ');
    await manager.query(
      `INSERT INTO entry_version (${written})
       SELECT ${written} FROM jsonb_populate_recordset(NULL::entry_version, $1::jsonb)`,
      [JSON.stringify(versions)],
    );
  });
  return entries.map((e) => e.id as string);
}

/** Relations in one statement (the department is the `from` entry's). */
export async function insertBulkRelations(
  db: DataSource,
  relations: { fromId: string; toId: string; type: RelationType }[],
): Promise<void> {
  await db.query(
    `INSERT INTO entry_relation (from_entry_id, to_entry_id, type, department_id, created_by_label)
     SELECT r.from_id, r.to_id, r.type, e.department_id, 'bulk'
       FROM jsonb_to_recordset($1::jsonb) AS r(from_id uuid, to_id uuid, type text)
       JOIN entry e ON e.id = r.from_id`,
    [JSON.stringify(relations.map((r) => ({ from_id: r.fromId, to_id: r.toId, type: r.type })))],
  );
}

/** The registry's derived columns of a content (as of today), named as the table names them. */
function filterColumnsInSql(content: EntryContent, kind: EntryKind): Record<string, unknown> {
  const columns = versionColumnsOf(content, kind, isoDay(new Date()));
  return Object.fromEntries(
    Object.entries(columns).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );
}
