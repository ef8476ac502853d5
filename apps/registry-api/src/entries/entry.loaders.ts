import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Actor } from '@insyn/access';
import {
  ContentRoots,
  DraftRevisionView,
  EntriesRepository,
  EntryHistoryRepository,
  ValueAuthor,
  VersionWorkflow,
  EntryRelationEntity,
  EntryView,
  PublishedVersionSummary,
} from '@insyn/registry';
import { DepartmentLoader, DepartmentLoaders } from '../departments/department.loader';
import { ReadyLoader } from '../graphql/ready-loader';
import { contentRootsOf } from './entry-content-roots';

/**
 * The DataLoaders of one request and reader: they batch relation lookups across a whole page
 * of entries.
 */
export class EntryLoaders {
  /** Entries as this actor may see them (null when hidden or unknown). */
  readonly visibleEntry: ReadyLoader<string, EntryView | null>;
  /** Every relation touching an entry, both directions (priming visibleEntry with the other ends). */
  readonly relations: ReadyLoader<string, EntryRelationEntity[]>;
  /** Published versions of an entry, oldest first, without content (none when it is hidden). */
  readonly publishedVersions: ReadyLoader<string, PublishedVersionSummary[]>;
  /** A published version by id, as this actor may see it (null when hidden or not published). */
  readonly versionView: DataLoader<string, EntryView | null>;
  /** Saved draft revisions of an entry (null unless the actor is the entry's staff). */
  readonly draftRevisions: DataLoader<string, DraftRevisionView[] | null>;
  /** Who last wrote each field of a version, by version id (null unless staff). */
  readonly valueAuthors: DataLoader<string, ValueAuthor[] | null>;
  /** Who submitted, returned and published a version, by version id (null unless staff). */
  readonly versionWorkflows: DataLoader<string, VersionWorkflow | null>;

  /**
   * `roots`: the parts of entries' content the request's operation can show (ContentRoots;
   * undefined: all), which the entries read here carry; the published versions and draft
   * revisions read their own content whole.
   */
  constructor(
    repository: EntriesRepository,
    history: EntryHistoryRepository,
    actor: Actor,
    departments: DepartmentLoader,
    roots?: ContentRoots,
  ) {
    this.visibleEntry = new ReadyLoader(async (ids) => {
      const views = await repository.findByIds(actor, ids, roots);
      const byId = new Map(views.map((v) => [v.entry.id, v]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.relations = new ReadyLoader(async (ids) => {
      const read = await repository.relationsWithOthers(actor, ids, roots);
      const { relations, others } = read;
      // The entries they lead to, read in the same statement as findByIds reads them, with
      // their departments.
      for (const [id, view] of others) this.visibleEntry.prime(id, view);
      for (const department of read.departments) departments.prime(department);
      // Only links whose other end this actor may see: a list's budget counts what it is given,
      // and must learn nothing of links to entries it may not see. The entries asked about are
      // ones it sees (their relations are asked through them).
      const asked = new Set(ids);
      const shown = relations.filter(
        (r) =>
          (asked.has(r.fromEntryId) || others.get(r.fromEntryId)) &&
          (asked.has(r.toEntryId) || others.get(r.toEntryId)),
      );
      return ids.map((id) => shown.filter((r) => r.fromEntryId === id || r.toEntryId === id));
    });
    // Visibility through visibleEntry: a page's own entries are already there (see prime), and a
    // version's entry is the very view its entry's list of versions was read for.
    const visible = async (entryIds: readonly string[]) =>
      (await this.visibleEntry.getMany(entryIds)).filter(
        (view): view is EntryView => view !== null && !(view instanceof Error),
      );
    this.publishedVersions = new ReadyLoader(async (ids) => {
      const byEntry = await history.publishedVersionSummaries(actor, await visible(ids));
      return ids.map((id) => byEntry.get(id) ?? []);
    });
    this.versionView = new DataLoader(async (ids) => {
      const byVersion = await history.versionViews(actor, ids, visible);
      return ids.map((id) => byVersion.get(id) ?? null);
    });
    this.draftRevisions = new DataLoader(async (ids) => {
      const byEntry = await history.draftRevisions(actor, ids);
      return ids.map((id) => byEntry.get(id) ?? null);
    });
    this.valueAuthors = new DataLoader(async (ids) => {
      const byVersion = await history.valueAuthors(actor, ids);
      return ids.map((id) => byVersion.get(id) ?? null);
    });
    this.versionWorkflows = new DataLoader(async (ids) => {
      const byVersion = await history.versionWorkflows(actor, ids);
      return ids.map((id) => byVersion.get(id) ?? null);
    });
  }

  /**
   * Entries this request has already read as this actor sees them (a page of `entries`), so that
   * relation and history lookups do not read them again. Only views that are exactly what
   * `findByIds(actor)` would return may be given (EntriesRepository.page says when they are).
   */
  prime(views: readonly EntryView[]): void {
    for (const view of views) this.visibleEntry.prime(view.entry.id, view);
  }
}

/**
 * Hands out one EntryLoaders per request and reader (kept on the request object, so no
 * request-scoped DI). A request may read as two: the caller, and the public for a tracked
 * concern's entry (`readAs`), whose relations and versions must be the public's even when the
 * caller's loaders were made first.
 */
@Injectable()
export class EntryLoadersFactory {
  private readonly perRequest = new WeakMap<object, Map<Actor, EntryLoaders>>();

  constructor(
    private readonly repository: EntriesRepository,
    private readonly history: EntryHistoryRepository,
    private readonly departments: DepartmentLoaders,
  ) {}

  for(request: object, actor: Actor): EntryLoaders {
    let byActor = this.perRequest.get(request);
    if (!byActor) this.perRequest.set(request, (byActor = new Map()));
    let loaders = byActor.get(actor);
    if (!loaders) {
      loaders = new EntryLoaders(
        this.repository,
        this.history,
        actor,
        this.departments.for(request),
        contentRootsOf(request),
      );
      byActor.set(actor, loaders);
    }
    return loaders;
  }
}
