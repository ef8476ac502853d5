import { ANONYMOUS } from '@insyn/access';
import {
  DepartmentEntity,
  DepartmentsService,
  EntriesRepository,
  EntryHistoryRepository,
  EntryKind,
  EntryView,
} from '@insyn/registry';
import { entryUrl, StandardsSettings } from '../standards-settings';
import { ExportEntry, exportEntryOf, ExportRelation } from './export-entry';

/** Entries per page read from the database: the most an export holds in memory at once. */
export const EXPORT_PAGE_SIZE = 200;

/** Published versions read at once for history.json, whatever one entry has. */
export const HISTORY_VERSION_BUDGET = 200;

/**
 * Reads the published register for exports, always as the anonymous public: through the
 * repositories, which ask the visibility policy for the published version and project it (so a
 * draft or a withheld field cannot reach an export). Pages in id order (a keyset), so memory stays
 * flat whatever the register's size.
 */
export class PublishedEntriesReader {
  private readonly departmentCache = new Map<string, DepartmentEntity>();

  constructor(
    private readonly entries: EntriesRepository,
    private readonly history: EntryHistoryRepository,
    private readonly departments: DepartmentsService,
    private readonly settings: StandardsSettings,
  ) {}

  /** The published entries (retired ones included), page by page, of the given kinds (default all). */
  async *pages(
    options: { kinds?: readonly EntryKind[]; pageSize?: number } = {},
  ): AsyncGenerator<ExportEntry[]> {
    const pages = this.entries.pagesById(ANONYMOUS, {
      kinds: options.kinds,
      pageSize: options.pageSize ?? EXPORT_PAGE_SIZE,
    });
    for await (const views of pages)
      yield await this.toExportEntries(views, await this.publicRelations(views));
  }

  /**
   * Every published version of these entries (a page of `pages()`, in its id order), as the
   * public sees each today: in entry id order, each entry's oldest first, in slices of at most
   * `budget` versions, so that an entry with very many versions is never held whole.
   */
  async *historySlices(
    entries: readonly ExportEntry[],
    budget = HISTORY_VERSION_BUDGET,
  ): AsyncGenerator<ExportEntry[]> {
    const visible = await this.entries.findByIds(
      ANONYMOUS,
      entries.map((e) => e.id),
    );
    let after: { entryId: string; number: number } | undefined;
    for (;;) {
      const versions = await this.history.publishedHistorySlice(ANONYMOUS, visible, after, budget);
      if (!versions.length) return;
      yield await this.toExportEntries(versions.map((v) => v.view));
      if (versions.length < budget) return;
      const last = versions[versions.length - 1];
      after = { entryId: last.entryId, number: last.number };
    }
  }

  /**
   * Count and last change of the public register (EntriesRepository.publicFreshness), the public
   * links' included (publicLinksFreshness): the exports carry the links, so a link or an unlink
   * between two published entries is a change of theirs.
   */
  async freshness(): Promise<{
    entries: number;
    byKind: Record<string, number>;
    lastModified: Date | null;
    links: number;
  }> {
    const [register, links] = await Promise.all([
      this.entries.publicFreshness(),
      this.entries.publicLinksFreshness(),
    ]);
    const times = [register.lastModified, links.lastChanged].filter((t): t is Date => t !== null);
    return {
      ...register,
      lastModified: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null,
      links: links.links,
    };
  }

  /**
   * The page's links as the anonymous public sees them, by entry: read as the public GraphQL's
   * `relations` reads them (EntriesRepository.relationsWithOthers, as ANONYMOUS, through the
   * visibility policy's join), so a link to a draft or to another department's unpublished entry
   * is left out. One statement per page. The other ends carry only their titles.
   */
  private async publicRelations(
    views: readonly EntryView[],
  ): Promise<Map<string, ExportRelation[]>> {
    const page = new Map(views.map((v) => [v.entry.id, v]));
    const { relations, others } = await this.entries.relationsWithOthers(
      ANONYMOUS,
      [...page.keys()],
      new Set(['title']),
    );
    const byEntry = new Map<string, ExportRelation[]>();
    for (const relation of relations)
      for (const [ownId, otherId, direction] of [
        [relation.fromEntryId, relation.toEntryId, 'OUTGOING'],
        [relation.toEntryId, relation.fromEntryId, 'INCOMING'],
      ] as const) {
        const own = page.get(ownId);
        // An entry of this page is one the public sees; any other comes read as the public
        // (null: hidden from it, and so is the link).
        const other = page.get(otherId) ?? others.get(otherId);
        if (!own || !other) continue;
        const times = [relation.createdAt, own.entry.firstPublishedAt, other.entry.firstPublishedAt]
          .filter((t): t is Date => t !== null)
          .map((t) => t.getTime());
        const list = byEntry.get(ownId) ?? [];
        list.push({
          type: relation.type,
          direction,
          entryId: other.entry.id,
          slug: other.entry.slug,
          url: entryUrl(this.settings, other.entry.slug),
          kind: other.entry.kind,
          title: other.content.title,
          since: new Date(Math.max(...times)),
        });
        byEntry.set(ownId, list);
      }
    return byEntry;
  }

  private async toExportEntries(
    views: readonly EntryView[],
    relations?: ReadonlyMap<string, ExportRelation[]>,
  ): Promise<ExportEntry[]> {
    const missing = [...new Set(views.map((v) => v.entry.departmentId))].filter(
      (id) => !this.departmentCache.has(id),
    );
    if (missing.length)
      for (const department of await this.departments.byIds(missing))
        this.departmentCache.set(department.id, department);
    return views.map((view) => {
      if (!view.publicView) throw new Error('exports read public views only');
      const department = this.departmentCache.get(view.entry.departmentId);
      if (!department) throw new Error(`department ${view.entry.departmentId} not found`);
      return exportEntryOf(view, department, this.settings, relations?.get(view.entry.id));
    });
  }
}
