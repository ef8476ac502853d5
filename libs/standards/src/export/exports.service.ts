import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DepartmentsService,
  EntriesRepository,
  EntryHistoryRepository,
  RegistryClock,
} from '@insyn/registry';
import { STANDARDS_SETTINGS, StandardsSettings } from '../standards-settings';
import { ExportFormat } from './export-formats';
import { ExportSink } from './json-stream';
import { PublishedEntriesReader } from './published-entries.reader';

/** Bump when an export's shape changes, so caches holding the old shape are not reused. */
const EXPORTS_REVISION = 3;

/** What a cache needs to know about an export before it is written. */
export interface ExportFreshness {
  /** Strong validator: the same ETag means the same bytes. */
  etag: string;
  /** The last change of the public register (null while nothing is published). */
  lastModified: Date | null;
  /** Published entries of the format's kinds (for progress lines). */
  entries: number;
}

/**
 * Writes the exports of libs/standards for the HTTP controller and the CLI: always the anonymous
 * public's view, page by page into a sink, so the register is never held in memory whole.
 * Outside Nest: `new ExportsService(entries, history, departments, clock, settings)`.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly history: EntryHistoryRepository,
    private readonly departments: DepartmentsService,
    private readonly clock: RegistryClock,
    @Inject(STANDARDS_SETTINGS) private readonly settings: StandardsSettings,
  ) {}

  get standardsSettings(): StandardsSettings {
    return this.settings;
  }

  /**
   * The export's validators. The public view changes when an entry is published or retired, when
   * two published entries are linked or unlinked, and on the day a withholding ends, so the ETag
   * covers the newest change, the counts of entries and public links, and the day.
   */
  async freshness(format: ExportFormat): Promise<ExportFreshness> {
    const { entries, byKind, lastModified, links } = await this.reader().freshness();
    const count = format.kinds ? format.kinds.reduce((n, k) => n + (byKind[k] ?? 0), 0) : entries;
    const etag = createHash('sha256')
      .update(
        JSON.stringify([
          EXPORTS_REVISION,
          format.name,
          entries,
          links,
          lastModified?.toISOString() ?? null,
          this.clock.today(),
          this.settings,
        ]),
      )
      .digest('base64url')
      .slice(0, 27);
    return { etag: `"${etag}"`, lastModified, entries: count };
  }

  /** Writes the export into the sink; `progress` hears the entries written so far after each page. */
  async write(
    format: ExportFormat,
    sink: ExportSink,
    options: {
      lastModified?: Date | null;
      progress?: (entries: number) => void;
      pageSize?: number;
      /** history.json: versions read at once (default HISTORY_VERSION_BUDGET). */
      versionBudget?: number;
    } = {},
  ): Promise<void> {
    const reader = this.reader();
    const lastModified =
      options.lastModified !== undefined
        ? options.lastModified
        : (await reader.freshness()).lastModified;
    await format.write({
      reader,
      settings: this.settings,
      sink,
      lastModified,
      progress: options.progress ?? (() => undefined),
      pageSize: options.pageSize,
      versionBudget: options.versionBudget,
    });
  }

  /** A reader of its own per export (its department cache lives as long as the export). */
  private reader(): PublishedEntriesReader {
    return new PublishedEntriesReader(this.entries, this.history, this.departments, this.settings);
  }
}
