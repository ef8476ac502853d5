import { Injectable } from '@nestjs/common';
import { ANONYMOUS } from '@insyn/access';
import { AuditEventsRepository, DailyChainHead } from '@insyn/audit';
import {
  ContentRoots,
  DepartmentEntity,
  DepartmentsService,
  EntriesRepository,
  EntryHistoryRepository,
  EntryKind,
  EntryListFilter,
  EntryOrder,
  EntryView,
  FieldChange,
  isEntryId,
  PrincipleEntity,
  PrinciplesService,
  PublishedVersionView,
  RelationType,
  RegistryClock,
} from '@insyn/registry';
import { PublicSearchParams, PublicSearchResult, PublicSearchService } from '@insyn/search';
import { SitePageNotFound } from './site-errors';

/** A related entry as the public may see it: the relation's type and direction, and the entry. */
export interface RelatedEntry {
  type: RelationType;
  outgoing: boolean;
  view: EntryView;
}

/** Everything the entry page shows, read through the visibility policy as the anonymous public. */
export interface EntryPageData {
  view: EntryView;
  department: DepartmentEntity | null;
  related: RelatedEntry[];
  versions: PublishedVersionView[];
  principles: PrincipleEntity[];
}

/** One page of entries of a list (department, principle, feed, map). */
export interface EntryListPage {
  views: EntryView[];
  next: string | null;
}

/**
 * The public site's reads, all as the anonymous public: entries through `EntriesRepository` and
 * `EntryHistoryRepository` (the visibility policy decides what is shown; drafts cannot be
 * reached), search through the public search service (the public index), and the department and
 * principle catalogues. The same services the GraphQL resolvers use; pages and feeds only map
 * what this returns, and templates never query.
 */

/** The most IoT deployments the map shows (the export has them all). */
export const MAP_DEPLOYMENTS_MAX = 1000;

@Injectable()
export class PublicSiteReader {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly history: EntryHistoryRepository,
    private readonly departments: DepartmentsService,
    private readonly principleCatalogue: PrinciplesService,
    private readonly publicSearch: PublicSearchService,
    private readonly auditEvents: AuditEventsRepository,
    private readonly clock: RegistryClock,
  ) {}

  /**
   * The audit chain's head as it stood at the start of today (UTC, on the registry clock): one
   * head a day, the same all day, for the open-data page and the feeds. Anyone who keeps it can
   * later prove the history before it was not rewritten (`audit:verify --known-head`).
   */
  dailyChainHead(): Promise<DailyChainHead> {
    return this.auditEvents.dailyHead(this.clock.today());
  }

  /**
   * The last moment the public register changed (a publication, a retirement, a withholding
   * ending), or null when nothing is published: EntriesRepository.publicFreshness, one indexed
   * statement, as the exports' Last-Modified.
   */
  async lastPublicChange(): Promise<Date | null> {
    return (await this.freshness()).lastModified;
  }

  /**
   * How many entries the public sees (retired ones included) and when its view last changed:
   * EntriesRepository.publicFreshness, one indexed statement (the sitemap's validators).
   */
  freshness(): Promise<{ entries: number; lastModified: Date | null }> {
    return this.entries.publicFreshness();
  }

  /**
   * The entries the public sees (retired ones included) whose ids lie in `idRange`, page by page
   * in id order: a keyset, so memory stays flat whatever the register's size. With `roots`,
   * the views carry only those parts of the content (ContentRoots).
   */
  entriesById(
    idRange: { from?: string; before?: string },
    roots?: ContentRoots,
    pageSize = 500,
  ): AsyncGenerator<EntryView[]> {
    return this.entries.pagesById(ANONYMOUS, { idRange, roots, pageSize });
  }

  /**
   * The published entry by slug (or by id, for a redirect to its slug), or null. An id is looked
   * up as an id first: a slug of that shape (slugify makes none now) must not take over another
   * entry's `/entries/<id>`.
   */
  async entry(slugOrId: string): Promise<EntryView | null> {
    if (!isEntryId(slugOrId)) return this.entries.findOne(ANONYMOUS, { slug: slugOrId });
    const byId = await this.entries.findOne(ANONYMOUS, { id: slugOrId.toLowerCase() });
    return byId ?? this.entries.findOne(ANONYMOUS, { slug: slugOrId });
  }

  /** The published entry by slug (or id), or the site's 404. */
  async entryOr404(slugOrId: string): Promise<EntryView> {
    if (slugOrId.length > 200) throw new SitePageNotFound();
    const view = await this.entry(slugOrId);
    if (!view) throw new SitePageNotFound();
    return view;
  }

  /**
   * The entry page: the entry, its department, related entries the public may see, and its
   * published versions. A fixed number of statements, whatever the number of relations or versions.
   */
  async entryPage(view: EntryView): Promise<EntryPageData> {
    const id = view.entry.id;
    // The relations and the public views of the entries at their other ends: one statement.
    const [department, { relations, others }, histories, principles] = await Promise.all([
      this.departments.byId(view.entry.departmentId),
      this.entries.relationsWithOthers(ANONYMOUS, [id]),
      this.history.publishedHistories(ANONYMOUS, [id]),
      this.principleCatalogue.all(),
    ]);
    const related = relations.flatMap((relation): RelatedEntry[] => {
      const outgoing = relation.fromEntryId === id;
      const other = others.get(outgoing ? relation.toEntryId : relation.fromEntryId);
      return other ? [{ type: relation.type, outgoing, view: other }] : [];
    });
    return {
      view,
      department,
      related,
      versions: histories.get(id) ?? [],
      principles,
    };
  }

  /** The published versions of an entry, oldest first, as the public sees them. */
  async versions(entryId: string): Promise<PublishedVersionView[]> {
    return (await this.history.publishedHistories(ANONYMOUS, [entryId])).get(entryId) ?? [];
  }

  /** Field-by-field changes between two published versions (withheld fields removed), or null. */
  diff(entryId: string, from: number, to: number): Promise<FieldChange[] | null> {
    return this.history.diff(ANONYMOUS, entryId, from, to);
  }

  /** One page of published entries (retired ones left out), by title or by latest change. */
  async list(
    filter: EntryListFilter,
    order: EntryOrder,
    first: number,
    after?: string,
  ): Promise<EntryListPage> {
    const page = await this.entries.page(ANONYMOUS, { filter, orderBy: order, first, after });
    return { views: page.views, next: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null };
  }

  /**
   * How many IoT deployments the map and its GeoJSON hold at most (the full list is the export
   * /exports/iot-deployments.geojson). A field so that tests can lower it.
   */
  mapLimit = MAP_DEPLOYMENTS_MAX;

  /**
   * The published IoT deployments for the map, by title: the first `mapLimit`, and whether there
   * are more.
   */
  async iotDeployments(): Promise<{ views: EntryView[]; truncated: boolean; limit: number }> {
    const max = this.mapLimit;
    const views: EntryView[] = [];
    let after: string | undefined;
    do {
      const page = await this.list(
        { kinds: [EntryKind.IOT_DEPLOYMENT] },
        EntryOrder.TITLE_ASC,
        100,
        after,
      );
      views.push(...page.views);
      after = page.next ?? undefined;
    } while (after && views.length < max);
    return {
      views: views.slice(0, max),
      truncated: views.length > max || (after !== undefined && views.length >= max),
      limit: max,
    };
  }

  departmentList(): Promise<DepartmentEntity[]> {
    return this.departments.list();
  }

  department(slug: string): Promise<DepartmentEntity | null> {
    return this.departments.bySlug(slug);
  }

  principles(): Promise<PrincipleEntity[]> {
    return this.principleCatalogue.all();
  }

  /** The site shows each hit's other languages too. */
  search(params: PublicSearchParams): Promise<PublicSearchResult> {
    return this.publicSearch.search({ ...params, translations: true });
  }
}
