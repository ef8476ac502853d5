import { Injectable } from '@nestjs/common';
import { Actor, canReadUnpublished, readsAllUnpublished, Role } from '@insyn/access';
import {
  CATALOGUE_FIELDS,
  FilterColumn,
  FilterFact,
  pathsHiding,
  publicationProblems,
  WITHHOLDABLE_FILTER_COLUMNS,
} from '../catalogue';
import { Completeness, completenessOf } from '../entries/entry-completeness';
import { EntryContent, WithheldInformation } from '../entries/entry-content';
import { EntryStatus } from '../entries/entry-enums';
import { EntryVersionEntity } from '../entries/entry-version.entity';
import { EntryView, ViewVersion } from '../entries/entry-view';
import { EntryEntity } from '../entries/entry.entity';
import { isoDay, RegistryClock } from './registry-clock';
import { publicContent, withholdingInForce } from './public-projection';

/** The two parts of a list as of a moment, each read in an index's order (asOfUpdatedAtSql). */
export type AsOfPart = 'retired' | 'live';

/** SQL column names of the filter columns (snake case, as the naming strategy writes them). */
const COLUMN_SQL: Record<FilterColumn, string> = {
  title: 'title',
  lifecycleStage: 'lifecycle_stage',
  theme: 'theme',
  riskClass: 'risk_class',
  aiActClass: 'ai_act_class',
  personalData: 'personal_data',
  reviewDueDate: 'review_due_date',
  principleCodes: 'principle_codes',
};

/** The catalogue path of each filter column, and of each withholdable filter fact. */
const FILTER_PATH = Object.fromEntries(
  CATALOGUE_FIELDS.filter((f) => f.field.filter).map((f) => [f.field.filter!, f.path]),
) as Record<FilterColumn, string>;
/** The filter facts a withholding can hide (their own, or one they are withheld along with). */
const WITHHOLDABLE_FACTS = CATALOGUE_FIELDS.filter(
  (f) => f.field.fact && (f.withholdable || f.field.withheldWith?.length),
).map((f) => ({ fact: f.field.fact!, path: f.path }));

/**
 * THE visibility policy: for an actor and an entry, which version and which fields they may see.
 * The public (and editors of other departments) see the published version through the public
 * projection, on today's date; the owning department's editors and city-wide staff see the
 * working version whole. Every surface asks this class: the repositories use its SQL fragments
 * (version, status and filter columns) and build every view with it; resolvers, search
 * documents, pages, feeds and exports never decide visibility themselves.
 */
@Injectable()
export class EntryVisibilityPolicy {
  constructor(private readonly clock: RegistryClock) {}

  /** Today, for SQL parameters and projections. */
  today(): string {
    return this.clock.today();
  }

  /** Whether the actor sees this department's entries as staff: working version, every field. */
  seesWorkingCopy(actor: Actor, departmentId: string): boolean {
    return canReadUnpublished(actor, departmentId);
  }

  /** The id of the version of `entry` this actor may see (what versionSql picks); null: none. */
  visibleVersionId(actor: Actor, entry: EntryEntity): string | null {
    return this.seesWorkingCopy(actor, entry.departmentId)
      ? entry.currentVersionId
      : entry.publishedVersionId;
  }

  /** SQL picking the id of the version this actor may see of entry row `e`. */
  versionSql(actor: Actor): string {
    if (actor.kind === 'anonymous') return 'e.published_version_id';
    if (readsAllUnpublished(actor)) return 'e.current_version_id';
    return `CASE WHEN e.department_id = :actorDepartmentId THEN e.current_version_id ELSE e.published_version_id END`;
  }

  /**
   * SQL joining `v` to row `e` as the version this actor may see: `v.id = versionSql(actor)`,
   * written (when `ordered`) so that PostgreSQL can also walk entry_version in a list's order
   * and find each version's entry by index (entry_published_idx, entry_current_idx). For an
   * editor the CASE becomes two indexable branches; that form cannot be hash-joined, so counts
   * (which read every row) keep the CASE.
   */
  versionJoinSql(actor: Actor, ordered = false): string {
    if (!ordered || actor.kind === 'anonymous' || readsAllUnpublished(actor))
      return `v.id = ${this.versionSql(actor)}`;
    return `((e.department_id = :actorDepartmentId AND v.id = e.current_version_id)
      OR (e.department_id <> :actorDepartmentId AND v.id = e.published_version_id))`;
  }

  /**
   * SQL of when the visible version `v` last changed, as lists order and filter by it (the
   * `updatedAt` a view shows): its last edit (staff, of a draft), its publication, or its entry's
   * retirement, which the workflow writes to the version it retires (the version every reader
   * sees of a retired entry). A draft is a version of its own: its edits never touch the published
   * version the public sees. One column for every reader, so one index serves every view.
   */
  updatedAtSql(): string {
    return 'v.updated_at';
  }

  /** SQL of the status this actor sees of row `e`: the public only ever sees PUBLISHED or RETIRED. */
  statusSql(actor: Actor): string {
    const publicStatus = `CASE WHEN e.retired_at IS NOT NULL THEN 'RETIRED' ELSE 'PUBLISHED' END`;
    if (actor.kind === 'anonymous') return publicStatus;
    if (readsAllUnpublished(actor)) return 'e.status';
    return `CASE WHEN e.department_id = :actorDepartmentId THEN e.status ELSE ${publicStatus} END`;
  }

  /**
   * SQL of "the status this actor sees of row `e` is one of `statuses`" (`statusList`: the same
   * statuses as an SQL list, for the staff form). What `statusSql(actor) IN (…)` says, written
   * for the public as a condition on `retired_at` itself, which the planner can estimate from the
   * column's statistics (the CASE it cannot: it took one status of the two for 1 % of the
   * register, and scanned the entry table for a short `updatedSince` list instead of walking an
   * index in the list's order); both public statuses are no condition at all.
   */
  statusInSql(actor: Actor, statuses: readonly EntryStatus[], statusList: string): string {
    if (actor.kind === 'anonymous')
      return publicStatusIn(statuses, 'e.retired_at IS NOT NULL', 'e.retired_at IS NULL');
    return `${this.statusSql(actor)} IN ${statusList}`;
  }

  /**
   * SQL of a filter column of the visible version `v` of row `e`, as this actor may filter on it:
   * a field that may be withheld is read from its public column (derived from the public
   * projection) unless the actor sees the working copy.
   */
  filterColumnSql(actor: Actor, column: FilterColumn): string {
    const full = `v.${COLUMN_SQL[column]}`;
    if (!WITHHOLDABLE_FILTER_COLUMNS.includes(column)) return full;
    const onlyPublic = `v.public_${COLUMN_SQL[column]}`;
    if (actor.kind === 'anonymous') return onlyPublic;
    if (readsAllUnpublished(actor)) return full;
    return `CASE WHEN e.department_id = :actorDepartmentId THEN ${full} ELSE ${onlyPublic} END`;
  }

  /** SQL of the filter facts JSON this actor may filter on (the public's from the projection). */
  factsSql(actor: Actor): string {
    if (actor.kind === 'anonymous') return 'v.public_filter_facts';
    if (readsAllUnpublished(actor)) return 'v.filter_facts';
    return `CASE WHEN e.department_id = :actorDepartmentId THEN v.filter_facts ELSE v.public_filter_facts END`;
  }

  /**
   * SQL: whether filter fact `fact` of row `e` is withheld from this actor (a withholding in force
   * today on its published version hides it from the public projection they read). The fact is
   * then unknown to them, neither there nor missing: a filter for what an entry lacks must not
   * count a withheld assessment as none (nor tell it apart from none: that is the projection's).
   */
  factWithheldSql(actor: Actor, fact: FilterFact): string {
    const path = WITHHOLDABLE_FACTS.find((f) => f.fact === fact)?.path;
    if (!path || readsAllUnpublished(actor)) return 'FALSE';
    const hidden = this.withheldNowSql(path);
    if (actor.kind === 'anonymous') return hidden;
    return `(e.department_id IS DISTINCT FROM :actorDepartmentId AND ${hidden})`;
  }

  /**
   * SQL of "row `e` has an unpublished working version", as this actor may know it: staff of the
   * entry know; to anyone else it is false (a pending draft is not public knowledge).
   */
  pendingDraftSql(actor: Actor): string {
    const pending = '(e.current_version_id IS DISTINCT FROM e.published_version_id)';
    if (actor.kind === 'anonymous') return 'FALSE';
    if (readsAllUnpublished(actor)) return pending;
    return `(e.department_id = :actorDepartmentId AND ${pending})`;
  }

  /**
   * SQL joining `v` to row `e` as the version the public saw at `:asOf` (none before the first
   * publication): the entry's version published last by then. Written as a condition on `v`
   * itself (published by then, and no later publication by then) so that lists can walk
   * entry_version in their order; ties in publication time (never seen) go to the larger id.
   */
  asOfVersionJoinSql(): string {
    return `v.entry_id = e.id AND v.state IN ('PUBLISHED', 'SUPERSEDED') AND v.published_at <= :asOf
      AND NOT EXISTS (SELECT 1 FROM entry_version h
        WHERE h.entry_id = v.entry_id AND h.state IN ('PUBLISHED', 'SUPERSEDED')
          AND h.published_at <= :asOf AND (h.published_at, h.id) > (v.published_at, v.id))`;
  }

  /**
   * SQL of a filter column of the version `v` the public saw at `asOf`, as `asOfView` shows it:
   * null when hidden then (`asOfWithheldSql`), else the version's value. Not its stored public
   * column: that was derived on the day the version was last written (a superseded version's is
   * never derived again), not on the day of `asOf`.
   */
  asOfFilterColumnSql(column: FilterColumn, asOf: Date): string {
    if (!WITHHOLDABLE_FILTER_COLUMNS.includes(column)) return `v.${COLUMN_SQL[column]}`;
    return `(CASE WHEN ${this.asOfWithheldSql(FILTER_PATH[column], asOf)} THEN NULL
      ELSE v.${COLUMN_SQL[column]} END)`;
  }

  /** SQL of the filter facts of the version `v` the public saw at `asOf` (as asOfFilterColumnSql). */
  asOfFactsSql(asOf: Date): string {
    const hidden = WITHHOLDABLE_FACTS.map(
      ({ fact, path }) =>
        `CASE WHEN ${this.asOfWithheldSql(path, asOf, 'pw.now')} THEN '${fact}' END`,
    );
    // The published version's withholdings read once for all the facts, not once per fact (a
    // lookup of the published version per fact and row): OFFSET 0 keeps PostgreSQL from
    // pulling the one-row subquery up and copying its lookup into every reference again.
    return `(SELECT v.filter_facts - array_remove(ARRAY[${hidden.join(', ')}]::text[], NULL)
      FROM (SELECT ${this.publishedWithheldSql()} AS now OFFSET 0) pw)`;
  }

  /**
   * SQL: whether filter fact `fact` of the version `v` the public saw at `asOf` was unknown to
   * it (as factWithheldSql today): a filter for what an entry lacked must not count it as none.
   */
  asOfFactWithheldSql(fact: FilterFact, asOf: Date): string {
    const path = WITHHOLDABLE_FACTS.find((f) => f.fact === fact)?.path;
    return path ? this.asOfWithheldSql(path, asOf) : 'FALSE';
  }

  /**
   * SQL: whether `asOfView` hides `path` of the version `v` the public saw at `asOf`: one of the
   * version's own withholdings was in force on that day (never a day after today: a date to come
   * has not been reached), or one of the published version's is today (a value withheld now
   * cannot be learned by filtering an earlier version).
   */
  private asOfWithheldSql(
    path: string,
    asOf: Date,
    publishedWithheld = this.publishedWithheldSql(),
  ): string {
    const now = this.clock.now();
    const day = isoDay(asOf < now ? asOf : now);
    return `(${this.withheldOnSql(publishedWithheld, path, this.today())} OR ${this.withheldOnSql('v.withheld', path, day)})`;
  }

  /** SQL: whether a withholding in force today on row `e`'s published version hides `path`. */
  private withheldNowSql(path: string): string {
    return this.withheldOnSql(this.publishedWithheldSql(), path, this.today());
  }

  /** SQL: whether a withholding of the list `withheldSql` in force on `day` hides `path`. */
  private withheldOnSql(withheldSql: string, path: string, day: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    // The field, the paths above it, and those it is withheld along with (a FRIA's type gives
    // the AI Act class away: withholding the class hides the type in every reading).
    const fields = pathsHiding(path)
      .map((p) => `@.field == "${p}"`)
      .join(' || ');
    // No list (a content without the key, a version not published): nothing withheld, false;
    // not null, which `NOT` would keep null and so drop the row from a filter for what it lacks.
    return `jsonb_path_exists(
      COALESCE(${withheldSql}, '[]'::jsonb),
      '$[*] ? ((${fields}) && (!(exists(@.until)) || @.until == null || @.until >= $day))',
      '{"day": "${day}"}')`;
  }

  /**
   * SQL of when the entry `e` the public saw at `:asOf` (through its version `v`) last changed, as
   * an as-of list orders and filters by it, and as asOfView shows it: its retirement if it was
   * retired by then, else the version's publication. Not `v.updated_at`, which a later
   * retirement moves past `:asOf`: read then, the order would tell what had not happened yet.
   * In two parts, each in an index's order (entry_retired_idx, entry_version_published_entry_idx):
   * `retired` (the entries retired by then, asOfRetiredSql) by `e.retired_at`, `live` (the
   * others) by `v.published_at`; a list reads both and merges them. Without a part, the whole
   * as one expression (for filters that need no order: counts).
   */
  asOfUpdatedAtSql(part?: AsOfPart): string {
    if (part === 'retired') return 'e.retired_at';
    if (part === 'live') return 'v.published_at';
    return `(CASE WHEN ${this.asOfRetiredSql()} THEN e.retired_at ELSE v.published_at END)`;
  }

  /** SQL of "row `e` was retired at `:asOf`" (false when it is not retired). */
  asOfRetiredSql(): string {
    return 'e.retired_at <= :asOf';
  }

  /** SQL of "row `e` was not retired at `:asOf`". */
  asOfLiveSql(): string {
    return 'e.retired_at IS NULL OR e.retired_at > :asOf';
  }

  /** SQL of the status the public saw of row `e` at `:asOf`. */
  asOfStatusSql(): string {
    return `CASE WHEN e.retired_at IS NOT NULL AND e.retired_at <= :asOf THEN 'RETIRED' ELSE 'PUBLISHED' END`;
  }

  /** SQL of "the status the public saw of row `e` at `:asOf` is one of `statuses`" (see statusInSql). */
  asOfStatusInSql(statuses: readonly EntryStatus[]): string {
    return publicStatusIn(statuses, this.asOfRetiredSql(), this.asOfLiveSql());
  }

  /** Parameters the SQL fragments above refer to. */
  sqlParameters(actor: Actor): Record<string, unknown> {
    return actor.kind === 'token' && actor.role === Role.EDITOR
      ? { actorDepartmentId: actor.departmentId }
      : {};
  }

  /** The view of an entry for this actor, given the version `versionSql` picked. */
  view(actor: Actor, entry: EntryEntity, version: ViewVersion): EntryView {
    const isPublishedVersion = entry.publishedVersionId === version.id;
    if (this.seesWorkingCopy(actor, entry.departmentId)) {
      return { entry, version, content: version.content, isPublishedVersion, publicView: false };
    }
    return this.publicView(entry, version, this.clock.now());
  }

  /**
   * What is withheld today from the entry whose view this actor has now (`current`, from `view`):
   * the public reads every earlier version of the entry without it as well.
   */
  private withheldNow(current: EntryView | null | undefined): WithheldInformation[] {
    return current?.publicView ? (current.content.withheld ?? []) : [];
  }

  /**
   * One published version of the entry's history, as this actor may see it; `current` is the
   * entry as this actor sees it now (a field withheld today is withheld from every version).
   */
  historyView(
    actor: Actor,
    entry: EntryEntity,
    version: ViewVersion,
    current: EntryView | null,
  ): EntryView {
    const isPublishedVersion = entry.publishedVersionId === version.id;
    if (this.seesWorkingCopy(actor, entry.departmentId)) {
      // A version of the history was published: its status is the public's (PUBLISHED, or
      // RETIRED), not that of the draft or submission the entry has now.
      const status = entry.retiredAt ? EntryStatus.RETIRED : EntryStatus.PUBLISHED;
      return {
        entry: { ...entry, version: version.number, status },
        version,
        content: version.content,
        isPublishedVersion,
        publicView: false,
      };
    }
    return {
      ...this.publicView(entry, version, this.clock.now(), this.withheldNow(current)),
      isPublishedVersion,
    };
  }

  /** The content of a version this actor may compare (entryDiff); `current` as in historyView. */
  diffContent(
    actor: Actor,
    entry: EntryEntity,
    version: EntryVersionEntity,
    current: EntryView | null,
  ): EntryContent {
    return this.seesWorkingCopy(actor, entry.departmentId)
      ? version.content
      : publicContent(version.content, entry.kind, this.today(), this.withheldNow(current));
  }

  /**
   * What the public saw of a published version at `moment`: the projection on that day, and the
   * entry as it stood then (retirement only if it had happened, publication dates not later),
   * less what is withheld from the entry today (`publishedWithheld`: the withholdings of its
   * published version, as `publishedWithheldSql` reads them).
   */
  asOfView(
    entry: EntryEntity,
    version: ViewVersion,
    moment: Date,
    publishedWithheld: readonly WithheldInformation[] | null,
  ): EntryView {
    // The entry row holds today's state: show only what was already true at `moment`.
    const retired = entry.retiredAt !== null && entry.retiredAt <= moment;
    const publishedAt = version.publishedAt!;
    const earlier = (a: Date | null, b: Date) => (a !== null && a < b ? a : b);
    return this.publicView(
      {
        ...entry,
        currentVersionId: version.id,
        publishedVersionId: version.id,
        firstPublishedAt: earlier(entry.firstPublishedAt, publishedAt),
        lastPublishedAt: publishedAt,
        retiredAt: retired ? entry.retiredAt : null,
        retirementReason: retired ? entry.retirementReason : null,
        updatedAt: retired ? entry.retiredAt! : publishedAt,
      },
      // A published version's content is fixed at publication (a later supersession is not a
      // change); its retirement, once it had happened, is (as lists as of then order by it).
      { ...version, updatedAt: retired ? entry.retiredAt! : publishedAt },
      // Never a day after today: a field withheld until a date to come stays withheld in a view
      // "as of" a later moment, as nobody has seen it yet.
      moment < this.clock.now() ? moment : this.clock.now(),
      (publishedWithheld ?? []).filter((w) => withholdingInForce(w, this.today())),
    );
  }

  /**
   * A published version's view (historyView) listed by an entry read as of `moment` (its
   * `versions`, each published by then): the entry as it stood then, as asOfView shows it,
   * retired only if it had been by then, and the version last changed at its publication unless
   * that retirement had changed it. What is withheld stays as historyView decided.
   */
  asOfVersionView(view: EntryView, moment: Date): EntryView {
    const { entry, version } = view;
    const retired = entry.retiredAt !== null && entry.retiredAt <= moment;
    if (retired) return view;
    return {
      ...view,
      entry: { ...entry, status: EntryStatus.PUBLISHED, retiredAt: null, retirementReason: null },
      version: { ...version, updatedAt: version.publishedAt ?? version.updatedAt },
    };
  }

  /** SQL of the withholdings of row `e`'s published version (for asOfView), in any statement. */
  publishedWithheldSql(): string {
    return `(SELECT pv.withheld FROM entry_version pv WHERE pv.id = e.published_version_id)`;
  }

  /** The public view of a published version on the day of `moment` (see publicEntryView). */
  publicView(
    entry: EntryEntity,
    version: ViewVersion,
    moment: Date,
    withheldNow: readonly WithheldInformation[] = [],
  ): EntryView {
    return publicEntryView(entry, version, moment, withheldNow);
  }
}

/**
 * The public view of a published version on the day of `moment`: the public status, the
 * version's number, its first publication as its creation, and the public projection of its
 * content (less `withheldNow`, what is withheld today from the entry's published version). The policy's own rule for the
 * public, exported for code that builds public views without an actor (the search documents).
 */
export function publicEntryView(
  entry: EntryEntity,
  version: ViewVersion,
  moment: Date,
  withheldNow: readonly WithheldInformation[] = [],
): EntryView {
  const content = publicContent(version.content, entry.kind, isoDay(moment), withheldNow);
  return {
    entry: {
      ...entry,
      status: entry.retiredAt ? EntryStatus.RETIRED : EntryStatus.PUBLISHED,
      version: version.number,
      // Nothing of a pending draft (its version, its saves) and nothing of the entry's time as a
      // draft (its registration): for the public the entry begins at its first publication and
      // changes when a version is published or it is retired.
      currentVersionId: entry.publishedVersionId,
      createdAt: entry.firstPublishedAt ?? version.publishedAt ?? entry.createdAt,
      updatedAt: latest(entry.lastPublishedAt, entry.retiredAt) ?? entry.updatedAt,
    },
    // The version carries the projection too: no reader of a public view can reach what is withheld.
    version: { ...version, content },
    content,
    isPublishedVersion: entry.publishedVersionId === version.id,
    publicView: true,
  };
}

/**
 * What completeness tells the reader of a view. Staff: what the whole content lacks. The public:
 * only what follows from what it is shown, so the rules are judged on the public projection and
 * every field of which something is withheld is left out; judged on the whole content, a rule
 * that a withheld value brings into play (a high-risk AI system must say whether its deployer is
 * a public body) would name that value whenever the version lacks what the rule asks for (a
 * version published before the rule).
 */
export function viewCompleteness(view: EntryView): Completeness {
  // A fault of the caller, not a refusal: missing roots would count as missing fields.
  if (view.contentRoots)
    throw new Error('completeness needs the whole content: the view was read with some roots');
  if (!view.publicView) return completenessOf(view.entry.kind, view.version.content);
  const withheld = (view.content.withheld ?? []).map((w) => w.field);
  const touchesWithheld = (path: string) =>
    withheld.some((w) => path === w || path.startsWith(`${w}.`) || w.startsWith(`${path}.`));
  const problems = publicationProblems(view.entry.kind, view.content).filter(
    (p) => !touchesWithheld(p.path),
  );
  return { ready: problems.length === 0, missing: problems.map((p) => p.path), problems };
}

/**
 * "The public status is one of `statuses`", given the SQL of "retired" and of "not retired":
 * the public sees only PUBLISHED and RETIRED.
 */
function publicStatusIn(statuses: readonly EntryStatus[], retired: string, live: string): string {
  const published = statuses.includes(EntryStatus.PUBLISHED);
  if (statuses.includes(EntryStatus.RETIRED)) return published ? 'TRUE' : `(${retired})`;
  return published ? `(${live})` : 'FALSE';
}

const latest = (...times: (Date | null)[]): Date | null =>
  times.reduce<Date | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
