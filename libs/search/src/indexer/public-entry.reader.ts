import { DataSource, EntityManager, In, IsNull, MoreThan, Not } from 'typeorm';
import { entriesWithOpenConcerns } from '@insyn/concerns';
import {
  DepartmentEntity,
  EntryEntity,
  EntryVersionEntity,
  PrincipleEntity,
} from '@insyn/registry';
import { PublicEntrySource } from '../public-entry-document.mapper';

/**
 * Reads entries' CURRENT public state from PostgreSQL: the entry, its published version, its
 * department, the principles catalogue and whether it has open concerns. An entry that is not public (never published, or
 * gone) is simply absent from the answer.
 */
export class PublicEntryReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The public sources of these entries, by entry id, read in one consistent snapshot. */
  async load(entryIds: readonly string[]): Promise<Map<string, PublicEntrySource>> {
    const ids = [...new Set(entryIds)];
    if (!ids.length) return new Map();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const entries = await manager.find(EntryEntity, {
        where: { id: In(ids), publishedVersionId: Not(IsNull()) },
      });
      return this.sources(manager, entries);
    });
  }

  /**
   * Each entry's published version now (null when it has none, or is gone), in one statement:
   * what a writer compares with the version it built a document from.
   */
  async publishedVersionIds(entryIds: readonly string[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(entryIds)];
    const result = new Map<string, string | null>(ids.map((id) => [id, null]));
    if (!ids.length) return result;
    const entries = await this.dataSource.getRepository(EntryEntity).find({
      select: { id: true, publishedVersionId: true },
      where: { id: In(ids) },
    });
    for (const entry of entries) result.set(entry.id, entry.publishedVersionId ?? null);
    return result;
  }

  /** Every public entry, `pageSize` at a time, in id order (rebuilds and verify). */
  async *pages(pageSize = 500): AsyncGenerator<PublicEntrySource[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const entries = await manager.find(EntryEntity, {
          where: { id: MoreThan(after), publishedVersionId: Not(IsNull()) },
          order: { id: 'ASC' },
          take: pageSize,
        });
        return { last: entries.at(-1)?.id, sources: await this.sources(manager, entries) };
      });
      if (page.sources.size) yield [...page.sources.values()];
      if (!page.last) return;
      after = page.last;
    }
  }

  private async sources(
    manager: EntityManager,
    entries: EntryEntity[],
  ): Promise<Map<string, PublicEntrySource>> {
    const result = new Map<string, PublicEntrySource>();
    if (!entries.length) return result;
    const versions = await manager.find(EntryVersionEntity, {
      where: { id: In(entries.map((e) => e.publishedVersionId!)) },
    });
    const departments = await manager.find(DepartmentEntity, {
      where: { id: In([...new Set(entries.map((e) => e.departmentId))]) },
    });
    const principles = await manager.find(PrincipleEntity, { order: { position: 'ASC' } });
    const withOpenConcerns = await entriesWithOpenConcerns(
      manager,
      entries.map((e) => e.id),
    );
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const departmentById = new Map(departments.map((d) => [d.id, d]));
    for (const entry of entries) {
      const version = versionById.get(entry.publishedVersionId!);
      const department = departmentById.get(entry.departmentId);
      if (version && department)
        result.set(entry.id, {
          entry,
          version,
          department,
          principles,
          hasOpenConcerns: withOpenConcerns.has(entry.id),
        });
    }
    return result;
  }
}
