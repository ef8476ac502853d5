import {
  DepartmentEntity,
  EntryView,
  FieldChange,
  catalogueField,
  PrincipleEntity,
} from '@insyn/registry';
import type { PublicSearchResult } from '@insyn/search';
import { CSV_COLUMNS_PATH, EXPORT_FORMATS } from '@insyn/standards';
import type { DailyChainHead } from '@insyn/audit';
import { DataTable, departmentName, EntryCard, ErrorSummary, principleName } from './components';
import { fieldTrail, FieldValue } from './field-value';
import { formatDay, formatInstantUtc, langAttr, titleOf } from './format';
import { Layout } from './layout';
import { Hit } from './search.page';
import { hrefIn, PageContext } from './page-context';

/** Home: search box, the principles, counts per kind and department, new and changed entries. */
export function HomePage({
  ctx,
  principles,
  departments,
  counts,
  changed,
  today,
}: {
  ctx: PageContext;
  principles: PrincipleEntity[];
  departments: DepartmentEntity[];
  /** Facet counts and the newest entries (first published) from the search index; null when search is unavailable. */
  counts: PublicSearchResult | null;
  changed: EntryView[];
  today: string;
}) {
  const { locale } = ctx;
  const { t, lang, enums } = locale;
  const facet = (name: string) =>
    counts?.facetDistribution.find((f) => f.facet === name)?.values ?? [];
  const byDepartment = new Map(departments.map((d) => [d.slug, d]));
  return (
    <Layout
      ctx={ctx}
      title={t.home.title}
      description={t.home.intro}
      feeds={[{ href: hrefIn(lang, '/feeds/entries.atom'), title: t.footer.feed }]}
    >
      <h1>{t.home.title}</h1>
      <p class="lead">{t.home.intro}</p>
      <form
        method="get"
        action={hrefIn(lang, '/search')}
        role="search"
        class="search-form home-search"
      >
        <label for="q">{t.home.searchLabel}</label>
        <div class="inline">
          <input type="search" id="q" name="q" maxLength={200} />
          <button type="submit">{t.home.searchButton}</button>
        </div>
      </form>
      <section aria-labelledby="principles-title">
        <h2 id="principles-title">{t.home.principles}</h2>
        <ol class="principles">
          {principles.map((p) => (
            <li>
              <a href={hrefIn(lang, `/principles/${p.code}`)}>{principleName(locale, p)}</a>
            </li>
          ))}
        </ol>
      </section>
      {counts ? (
        <section aria-labelledby="counts-title">
          <h2 id="counts-title">{t.home.counts}</h2>
          <p>{t.home.countsNote}</p>
          <div class="columns">
            <div>
              <h3>{t.home.byKind}</h3>
              <ul class="counts">
                {facet('KIND').map((c) => (
                  <li>
                    <a href={hrefIn(lang, `/search?kind=${encodeURIComponent(c.value)}`)}>
                      {enums.EntryKind[c.value as keyof typeof enums.EntryKind] ?? c.value}:{' '}
                      {c.count}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>{t.home.byDepartment}</h3>
              <ul class="counts">
                {facet('DEPARTMENT').map((c) => (
                  <li>
                    {/* To the search that gave the count (retired entries included), as by kind. */}
                    <a href={hrefIn(lang, `/search?department=${encodeURIComponent(c.value)}`)}>
                      {departmentName(locale, byDepartment.get(c.value)) || c.value}: {c.count}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </section>
      ) : (
        // Not "nothing yet": the register is not empty because search is down.
        <p class="notice" role="status">
          {t.home.countsUnavailable}
        </p>
      )}
      <div class="columns">
        <section aria-labelledby="newest-title">
          <h2 id="newest-title">{t.home.newest}</h2>
          {counts?.hits.length ? (
            <ul class="cards">
              {counts.hits.map((hit) => (
                <Hit ctx={ctx} hit={hit} />
              ))}
            </ul>
          ) : (
            <p>{counts ? t.home.nothingYet : t.home.countsUnavailable}</p>
          )}
        </section>
        <section aria-labelledby="changed-title">
          <h2 id="changed-title">{t.home.changed}</h2>
          {changed.length ? (
            <ul class="cards">
              {changed.map((view) => (
                <EntryCard
                  locale={locale}
                  view={view}
                  today={today}
                  departmentName={departmentName(
                    locale,
                    byDepartment.get(slugOfDepartment(departments, view)),
                  )}
                />
              ))}
            </ul>
          ) : (
            <p>{t.home.nothingYet}</p>
          )}
        </section>
      </div>
    </Layout>
  );
}

function slugOfDepartment(departments: DepartmentEntity[], view: EntryView): string {
  return departments.find((d) => d.id === view.entry.departmentId)?.slug ?? '';
}

/** The departments that have entries. */
export function DepartmentsPage({
  ctx,
  departments,
}: {
  ctx: PageContext;
  departments: DepartmentEntity[];
}) {
  const { t, lang } = ctx.locale;
  // In the order of the names shown, as the reader's language sorts them.
  const collator = new Intl.Collator(lang);
  const named = departments
    .map((d) => ({ slug: d.slug, name: departmentName(ctx.locale, d) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  return (
    <Layout ctx={ctx} title={t.department.list}>
      <h1>{t.department.list}</h1>
      <p>{t.department.listIntro}</p>
      <ul class="link-list">
        {named.map((d) => (
          <li>
            <a href={hrefIn(lang, `/departments/${d.slug}`)}>{d.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** A list of entries with "more" by cursor: the department and principle pages. */
export function EntryListPage({
  ctx,
  title,
  intro,
  feed,
  views,
  next,
  today,
  none,
  searchHref,
  searchLabel,
  rationaleOf,
}: {
  ctx: PageContext;
  title: string;
  intro: string;
  feed: { href: string; title: string };
  views: EntryView[];
  next: string | null;
  today: string;
  none: string;
  searchHref: string;
  searchLabel: string;
  rationaleOf?: (view: EntryView) => string | undefined;
}) {
  const { t } = ctx.locale;
  const path = ctx.here.split('?')[0];
  return (
    <Layout ctx={ctx} title={title} feeds={[feed]}>
      <h1>{title}</h1>
      <p>{intro}</p>
      <ul class="inline-links">
        <li>
          <a href={searchHref}>{searchLabel}</a>
        </li>
        <li>
          <a href={feed.href}>{feed.title}</a>
        </li>
      </ul>
      <h2>{t.department.entries}</h2>
      {views.length ? (
        <ul class="cards">
          {views.map((view) => {
            const rationale = rationaleOf?.(view);
            return (
              <EntryCard locale={ctx.locale} view={view} today={today}>
                {rationale ? (
                  <p class="rationale">
                    <strong>{ctx.locale.t.principle.rationale}:</strong>{' '}
                    <span lang={langAttr('sv', ctx.locale.lang)}>{rationale}</span>
                  </p>
                ) : null}
              </EntryCard>
            );
          })}
        </ul>
      ) : (
        <p>{none}</p>
      )}
      {next ? (
        <p>
          <a href={hrefIn(ctx.locale.lang, `${path}?after=${encodeURIComponent(next)}`)} rel="next">
            {t.department.more}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The readable diff between two published versions. */
export function DiffPage({
  ctx,
  view,
  from,
  to,
  changes,
  problems,
}: {
  ctx: PageContext;
  view: EntryView;
  from: number;
  to: number;
  changes: FieldChange[] | null;
  problems: string[];
}) {
  const { locale } = ctx;
  const { t, lang } = locale;
  const title = titleOf(view, lang);
  const heading = t.diff.title(title.text);
  const noSection = { locale, withheld: new Map(), includes: () => true };
  return (
    <Layout ctx={ctx} title={problems.length ? `${t.errors.errorSummary}: ${heading}` : heading}>
      <h1>{heading}</h1>
      <ErrorSummary
        title={t.errors.errorSummary}
        problems={problems.map((message) => ({ message }))}
      />
      <p>
        <a href={hrefIn(lang, `/entries/${view.entry.slug}#history`)}>{t.diff.back}</a>
      </p>
      {changes ? (
        <>
          {/* Said once: the table's caption, or above the message that nothing changed. */}
          {changes.length ? (
            <DataTable
              className="diff"
              caption={t.diff.between(from, to)}
              headings={[t.diff.field, t.diff.before, t.diff.after]}
              rows={changes.map((change) => {
                const field = catalogueField(change.field);
                // What that version withheld from the public is said to be withheld, not
                // empty (its value is not here to show).
                const cell = (value: unknown, withheld: boolean) =>
                  value === null || value === undefined ? (
                    <span class={withheld ? 'withheld' : 'empty'}>
                      {withheld ? t.diff.withheld : t.diff.empty}
                    </span>
                  ) : (
                    <>
                      {field ? (
                        <FieldValue field={field} value={value} r={noSection} />
                      ) : (
                        <code>{JSON.stringify(value)}</code>
                      )}
                      {withheld ? <span class="withheld">{t.diff.partlyWithheld}</span> : null}
                    </>
                  );
                return [
                  { content: fieldTrail(locale, change.field) },
                  {
                    content: <del>{cell(change.before, change.beforeWithheld)}</del>,
                    class: 'before',
                  },
                  {
                    content: <ins>{cell(change.after, change.afterWithheld)}</ins>,
                    class: 'after',
                  },
                ];
              })}
            />
          ) : (
            <>
              <p>{t.diff.between(from, to)}</p>
              <p>{t.diff.none}</p>
            </>
          )}
        </>
      ) : null}
    </Layout>
  );
}

/** Open data: machine-readable ways in. */
export function OpenDataPage({
  ctx,
  departments,
  principles,
  chainHead,
}: {
  ctx: PageContext;
  departments: DepartmentEntity[];
  principles: PrincipleEntity[];
  chainHead: DailyChainHead;
}) {
  const { locale } = ctx;
  const { t, lang } = locale;
  return (
    <Layout ctx={ctx} title={t.openData.title}>
      <h1>{t.openData.title}</h1>
      <p class="lead">{t.openData.intro}</p>
      <p>{t.openData.licence}</p>
      <h2>{t.openData.graphql}</h2>
      <p>{t.openData.graphqlText}</p>
      <ul class="link-list">
        <li>
          <a href="/graphql">{t.openData.graphql}</a>
        </li>
        <li>
          <a href="/schema.gql">{t.openData.schema}</a> – {t.openData.schemaText}
        </li>
      </ul>
      <h2>{t.openData.feeds}</h2>
      <p>{t.openData.feedsText}</p>
      <ul class="link-list">
        <li>
          <a href={hrefIn(lang, '/feeds/entries.atom')}>{t.openData.wholeRegister}</a>
        </li>
        {departments.map((d) => (
          <li>
            <a href={hrefIn(lang, `/departments/${d.slug}/feed.atom`)}>
              {departmentName(locale, d)}
            </a>
          </li>
        ))}
        {principles.map((p) => (
          <li>
            <a href={hrefIn(lang, `/principles/${p.code}/feed.atom`)}>{principleName(locale, p)}</a>
          </li>
        ))}
      </ul>
      <h2>{t.openData.geojson}</h2>
      <ul class="link-list">
        <li>
          <a href={hrefIn(lang, '/map/iot-deployments.geojson')} type="application/geo+json">
            {t.map.download}
          </a>{' '}
          – {t.map.downloadHint}
        </li>
      </ul>
      <h2>{t.openData.exports}</h2>
      <p>{t.openData.exportsText}</p>
      <ul class="link-list">
        {EXPORT_FORMATS.map((format) => (
          <li>
            <a href={`/exports/${format.file}`} type={format.mediaType.split(';')[0]}>
              {format.file}
            </a>{' '}
            – {t.openData.exportFiles[format.name]}
          </li>
        ))}
        <li>
          <a href={CSV_COLUMNS_PATH} type="text/plain">
            {t.openData.exportsColumns}
          </a>
        </li>
        <li>
          <a href="/exports" type="application/json">
            {t.openData.exportsList}
          </a>
        </li>
      </ul>
      <p>{t.openData.exportsCsvFormula}</p>
      <h2 id="audit-chain-head">{t.openData.chainHead}</h2>
      <p>{t.openData.chainHeadIntro}</p>
      {chainHead.head ? (
        <p>{t.openData.chainHeadText(formatDay(ctx.locale, chainHead.day))}</p>
      ) : null}
      {chainHead.head ? (
        <dl class="chain-head">
          <dt>{t.openData.chainHeadEvent}</dt>
          <dd>{chainHead.head.eventId}</dd>
          <dt>{t.openData.chainHeadHash}</dt>
          <dd>
            <code>{chainHead.head.hash}</code>
          </dd>
          <dt>{t.openData.chainHeadOccurred}</dt>
          <dd>
            <time dateTime={chainHead.head.occurredAt}>
              {formatInstantUtc(ctx.locale, chainHead.head.occurredAt)}
            </time>
          </dd>
        </dl>
      ) : (
        <p>{t.openData.chainHeadEmpty(formatDay(ctx.locale, chainHead.day))}</p>
      )}
      <ul class="link-list">
        <li>
          <a href="/open-data/audit-chain-head.json" type="application/json">
            {t.openData.chainHeadJson}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

/** An error page (404, 400, 503, 500) in the reader's language. */
export function ErrorPage({
  ctx,
  title,
  message,
  problems = [],
  links = [],
}: {
  ctx: PageContext;
  title: string;
  message: string;
  problems?: string[];
  /** Where to go on from here (`[href, text]`), before search and home. */
  links?: [string, string][];
}) {
  const { t, lang } = ctx.locale;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary
        title={t.errors.errorSummary}
        problems={problems.map((message) => ({ message }))}
      />
      <p>{message}</p>
      <ul class="inline-links">
        {links.map(([href, text]) => (
          <li>
            <a href={href}>{text}</a>
          </li>
        ))}
        <li>
          <a href={hrefIn(lang, '/search')}>{t.nav.search}</a>
        </li>
        <li>
          <a href={hrefIn(lang, '/')}>{t.nav.home}</a>
        </li>
      </ul>
    </Layout>
  );
}
