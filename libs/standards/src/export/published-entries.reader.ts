import { ANONYMOUS } from '@insyn/access';
import {
  DepartmentEntity,
  DepartmentsService,
  EntriesRepository,
  EntryHistoryRepository,
  EntryKind,
  EntryView,
} from '@insyn/registry';
import { StandardsSettings } from '../standards-settings';
import { ExportEntry, exportEntryOf } from './export-entry';

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
    for await (const views of pages) yield await this.toExportEntries(views);
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

  /** Count and last change of the public register (see EntriesRepository.publicFreshness). */
  freshness(): Promise<{
    entries: number;
    byKind: Record<string, number>;
    lastModified: Date | null;
  }> {
    return this.entries.publicFreshness();
  }

  private async toExportEntries(views: readonly EntryView[]): Promise<ExportEntry[]> {
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
      return exportEntryOf(view, department, this.settings);
    });
  }
}
