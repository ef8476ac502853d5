import {
  ContentLanguage,
  DepartmentEntity,
  PRIMARY_CONTENT_LANGUAGE,
  PrincipleEntity,
} from '@insyn/registry';
import type { PublicSearchHit, PublicSearchResult } from '@insyn/search';
import {
  FACET_PARAMS,
  FACETS,
  FacetParam,
  PAGE_SIZE,
  MAX_PAGE,
  SearchProblem,
  SearchState,
  searchQueryString,
  toggled,
} from '../search/search-state';
import {
  departmentName,
  ErrorSummary,
  fieldProblems,
  Glance,
  Moment,
  principleName,
} from './components';
import { langAttr } from './format';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

export interface SearchPageProps {
  ctx: PageContext;
  state: SearchState;
  problems: SearchProblem[];
  /** Null when search is unavailable. */
  result: PublicSearchResult | null;
  departments: DepartmentEntity[];
  principles: PrincipleEntity[];
}

/** Search results: the form, facets as links, results with highlights, pagination; all state in the URL. */
export function SearchPage({
  ctx,
  state,
  problems,
  result,
  departments,
  principles,
}: SearchPageProps) {
  const { locale } = ctx;
  const { t, lang, enums } = locale;
  const url = (s: SearchState) => hrefIn(lang, `/search${searchQueryString(s)}`);
  const valueLabel = (param: FacetParam, value: string): string => {
    switch (param) {
      case 'kind':
        return enums.EntryKind[value as keyof typeof enums.EntryKind] ?? value;
      case 'department':
        return (
          departmentName(
            locale,
            departments.find((d) => d.slug === value),
          ) || value
        );
      case 'principle': {
        const p = principles.find((x) => x.code === value);
        return p ? principleName(locale, p) : value;
      }
      case 'lifecycle':
        return enums.LifecycleStage[value as keyof typeof enums.LifecycleStage] ?? value;
      case 'riskClass':
        return enums.RiskClass[value as keyof typeof enums.RiskClass] ?? value;
      case 'personalData':
        return enums.PersonalDataLevel[value as keyof typeof enums.PersonalDataLevel] ?? value;
      case 'hasOpenConcerns':
        return value === 'true' ? t.search.yes : t.search.no;
    }
  };
  const labelOrder = new Intl.Collator(lang);
  const active = FACET_PARAMS.flatMap((param) =>
    state.filters[param].map((value) => ({ param, value })),
  );
  const title = state.q ? t.search.titleWithQuery(state.q) : t.search.title;
  // Each refused field says why beside it, as the concern forms do (the summary links it).
  const { invalid, describedBy, ErrorText } = fieldProblems(problems);
  // A refused date or text comes back as typed, so the reader sees what to mend.
  const typed = (field: 'q' | 'from' | 'to') =>
    problems.find((p) => p.field === field && p.typed !== undefined)?.typed ?? state[field];
  const total = result?.estimatedTotalHits ?? 0;
  const first = (state.page - 1) * PAGE_SIZE;
  const lastPage = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  // The filters come after the results, on screen as in the page's order (beside them on a wide
  // screen, below on a narrow one): the results are reached first, by keyboard and screen reader
  // too, and a link above the list of results leads past it to the filters.
  const facetBlocks = (
    result
      ? FACET_PARAMS.map((param) => {
          // The most first; values of one count by their label as the page's language
          // orders words (Swedish: Ö after Z), not by their codes.
          const counts = [
            ...(result.facetDistribution.find((f) => f.facet === FACETS[param].facet)?.values ??
              []),
          ].sort(
            (a, b) =>
              b.count - a.count ||
              labelOrder.compare(valueLabel(param, a.value), valueLabel(param, b.value)),
          );
          const values = [
            ...counts.map((c) => c.value),
            ...state.filters[param].filter((v) => !counts.some((c) => c.value === v)),
          ];
          if (!values.length) return null;
          return (
            <div class="facet">
              <h3 id={`facet-${param}`}>{t.search.facet[param]}</h3>
              <ul aria-labelledby={`facet-${param}`}>
                {values.map((value) => {
                  const on = state.filters[param].includes(value);
                  const count = counts.find((c) => c.value === value)?.count ?? 0;
                  return (
                    <li>
                      {/* A chosen value's link takes the choice away: said so, where
                          "current" had said it leads to what is shown. */}
                      <a href={url(toggled(state, param, value))} class={on ? 'on' : undefined}>
                        {valueLabel(param, value)} <span class="count">({count})</span>
                        {on ? <span class="visually-hidden"> {t.search.chosenRemoves}</span> : null}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })
      : []
  ).filter((block) => block !== null);
  return (
    // With something to correct, the window's title says so first (as the forms' do): without
    // JavaScript, focus cannot be moved to the summary.
    // Search down (no result, nothing refused): the window's title says so, not "results for".
    <Layout
      ctx={ctx}
      title={
        problems.length
          ? `${t.errors.errorSummary}: ${title}`
          : result === null
            ? `${t.errors.unavailableTitle}: ${title}`
            : title
      }
    >
      <h1>{title}</h1>
      {/* Searched anyway without what was refused: the summary says that, not "could not". */}
      <ErrorSummary
        title={result === null ? t.search.errors : t.search.errorsLeftOut}
        problems={problems}
      />
      {/* The page explains a bad date in its language; the browser's own check would not. */}
      <form
        method="get"
        action={hrefIn(lang, '/search')}
        class="search-form"
        role="search"
        novalidate
      >
        <div class="field">
          <label for="q">{t.search.query}</label>
          <ErrorText field="q" />
          <input
            type="search"
            id="q"
            name="q"
            dir="auto"
            value={typed('q')}
            maxLength={200}
            aria-describedby={describedBy('q')}
            aria-invalid={invalid('q')}
          />
        </div>
        {active.map(({ param, value }) => (
          <input type="hidden" name={param} value={value} />
        ))}
        <div class="field-row">
          <div class="field">
            <label for="from">{t.search.publishedFrom}</label>
            <ErrorText field="from" />
            <input
              type="text"
              id="from"
              name="from"
              value={typed('from')}
              inputMode="numeric"
              pattern="\d{4}-\d{2}-\d{2}"
              size={10}
              aria-describedby={describedBy('from')}
              aria-invalid={invalid('from')}
            />
          </div>
          <div class="field">
            <label for="to">{t.search.publishedTo}</label>
            <ErrorText field="to" />
            <input
              type="text"
              id="to"
              name="to"
              value={typed('to')}
              inputMode="numeric"
              pattern="\d{4}-\d{2}-\d{2}"
              size={10}
              aria-describedby={describedBy('to')}
              aria-invalid={invalid('to')}
            />
          </div>
          <div class="field">
            <label for="sort">{t.search.sort}</label>
            <ErrorText field="sort" />
            <select
              id="sort"
              name="sort"
              aria-describedby={describedBy('sort')}
              aria-invalid={invalid('sort')}
            >
              <option value="relevance" selected={state.sort === 'relevance'}>
                {t.search.sortRelevance}
              </option>
              <option value="newest" selected={state.sort === 'newest'}>
                {t.search.sortNewest}
              </option>
              <option value="title" selected={state.sort === 'title'}>
                {t.search.sortTitle}
              </option>
            </select>
          </div>
        </div>
        <button type="submit">{t.search.submit}</button>
      </form>
      {active.length ? (
        <section aria-labelledby="active-title" class="active-filters">
          <h2 id="active-title">{t.search.activeFilters}</h2>
          <ul>
            {active.map(({ param, value }) => (
              <li>
                <a
                  href={url(toggled(state, param, value))}
                  aria-label={t.search.removeFilter(
                    `${t.search.facet[param]}: ${valueLabel(param, value)}`,
                  )}
                >
                  {t.search.facet[param]}: {valueLabel(param, value)} ✕
                </a>
              </li>
            ))}
            <li>
              <a
                href={url({
                  ...state,
                  filters: {
                    ...state.filters,
                    ...Object.fromEntries(FACET_PARAMS.map((p) => [p, []])),
                  },
                  page: 1,
                })}
              >
                {t.search.clearAll}
              </a>
            </li>
          </ul>
        </section>
      ) : null}
      <div class="search-layout">
        <section aria-labelledby="results-title" class="results" id="results">
          <h2 id="results-title">{t.search.results}</h2>
          {result === null ? (
            <p class="notice">{t.search.unavailable}</p>
          ) : total === 0 ? (
            // What to try names only what this search used: no words typed, none to drop.
            <p role="status">
              {t.search.none({
                words: state.q !== '',
                filters: active.length > 0,
                dates: state.from !== '' || state.to !== '',
              })}
            </p>
          ) : result.hits.length === 0 ? (
            // A page after the last (an old link, a hand-made address): say where they end.
            <p role="status">
              {t.search.count(total)}. {t.search.pastEnd(lastPage)}{' '}
              <a href={url({ ...state, page: lastPage })}>{t.search.toPage(lastPage)}</a>
            </p>
          ) : (
            <>
              <p role="status">
                {t.search.count(total)}.{' '}
                {t.search.countOf(first + 1, first + result.hits.length, total)}
              </p>
              {facetBlocks.length ? (
                <p class="to-filters">
                  <a href="#filters">{t.search.toFilters}</a>
                </p>
              ) : null}
              <ol class="cards" start={first + 1}>
                {result.hits.map((hit) => (
                  <Hit ctx={ctx} hit={hit} />
                ))}
              </ol>
              {lastPage > 1 ? (
                <nav aria-label={t.search.pagination} class="pagination">
                  <ul>
                    {state.page > 1 ? (
                      <li>
                        <a href={url({ ...state, page: state.page - 1 })} rel="prev">
                          {t.search.previous}
                        </a>
                      </li>
                    ) : null}
                    {Array.from({ length: lastPage }, (_, i) => i + 1)
                      .filter((n) => n === 1 || n === lastPage || Math.abs(n - state.page) <= 2)
                      .map((n) => (
                        <li>
                          <a
                            href={url({ ...state, page: n })}
                            aria-current={n === state.page ? 'page' : undefined}
                            aria-label={t.search.page(n)}
                          >
                            {n}
                          </a>
                        </li>
                      ))}
                    {state.page < lastPage ? (
                      <li>
                        <a href={url({ ...state, page: state.page + 1 })} rel="next">
                          {t.search.next}
                        </a>
                      </li>
                    ) : null}
                  </ul>
                </nav>
              ) : null}
            </>
          )}
        </section>
        {/* Nothing to narrow down (no results, no filter chosen): no empty heading either. */}
        {facetBlocks.length ? (
          <section aria-labelledby="filters-title" class="facets" id="filters">
            <h2 id="filters-title">{t.search.filters}</h2>
            {facetBlocks}
          </section>
        ) : null}
      </div>
    </Layout>
  );
}

/** One search hit: highlighted title and summary (in the reader's language where translated). */
export function Hit({ ctx, hit }: { ctx: PageContext; hit: PublicSearchHit }) {
  const { locale } = ctx;
  const { lang, t } = locale;
  const translated =
    lang === PRIMARY_CONTENT_LANGUAGE
      ? undefined
      : hit.translations.find((x) => x.language === (lang as ContentLanguage));
  const title = translated?.title
    ? { html: translated.titleHighlighted, lang }
    : { html: hit.titleHighlighted, lang: PRIMARY_CONTENT_LANGUAGE as string };
  const summary = translated?.summary
    ? { html: translated.summaryHighlighted, lang }
    : { html: hit.summaryHighlighted, lang: PRIMARY_CONTENT_LANGUAGE as string };
  return (
    <li class="card">
      <h3 class="card-title">
        {/* Highlights are escaped by the search service (toHighlightHtml): only <mark> is markup. */}
        <a
          href={hrefIn(lang, `/entries/${hit.slug}`)}
          lang={langAttr(title.lang, lang)}
          dangerouslySetInnerHTML={{ __html: title.html }}
        />
      </h3>
      <Glance
        locale={locale}
        facts={{
          kind: hit.kind,
          riskClass: hit.riskClass,
          aiActClass: hit.aiActClass,
          personalData: hit.personalData,
          reviewOverdue: hit.reviewOverdue,
          retired: hit.status === 'RETIRED',
        }}
      />
      <p class="meta">
        {departmentName(locale, hit.department)}. {t.search.published}{' '}
        <Moment locale={locale} at={hit.publishedAt} />
      </p>
      {summary.html ? (
        <p
          class="summary"
          lang={langAttr(summary.lang, lang)}
          dangerouslySetInnerHTML={{ __html: summary.html }}
        />
      ) : null}
    </li>
  );
}
