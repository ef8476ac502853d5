import { EntryKind, LifecycleStage, PersonalDataLevel, RiskClass } from '@insyn/registry';
import {
  MAX_QUERY_LENGTH,
  PublicSearchParams,
  SearchFacet,
  SearchSortDirection,
  SearchSortField,
} from '@insyn/search';
import {
  characterCount,
  hasVisibleText,
  plainTextProblem,
  withRefusedCharactersMarked,
} from '@insyn/errors';
import { PrincipleCode } from '../../entries/registry-enums.graphql';
import { isCalendarDate } from '../../graphql/scalars/calendar-date.scalar';
import type { DateFault } from '../i18n/date-faults';
import type { Messages } from '../i18n/messages';

/** Results per page, and the deepest page (the search index answers up to offset 1000). */
export const PAGE_SIZE = 20;
export const MAX_PAGE = 51;
const MAX_VALUES = 20;

export type SearchSort = 'relevance' | 'newest' | 'title';
const SORTS: SearchSort[] = ['relevance', 'newest', 'title'];

/** The facets the page offers as links, with their URL parameter and allowed values. */
export const FACETS = {
  kind: { facet: SearchFacet.KIND, allowed: new Set<string>(Object.values(EntryKind)) },
  department: { facet: SearchFacet.DEPARTMENT, allowed: /^[a-z0-9]+(-[a-z0-9]+)*$/ },
  principle: {
    facet: SearchFacet.PRINCIPLE,
    allowed: new Set<string>(Object.values(PrincipleCode)),
  },
  lifecycle: {
    facet: SearchFacet.LIFECYCLE,
    allowed: new Set<string>(Object.values(LifecycleStage)),
  },
  riskClass: { facet: SearchFacet.RISK_CLASS, allowed: new Set<string>(Object.values(RiskClass)) },
  personalData: {
    facet: SearchFacet.PERSONAL_DATA,
    allowed: new Set<string>(Object.values(PersonalDataLevel)),
  },
  hasOpenConcerns: { facet: SearchFacet.HAS_OPEN_CONCERNS, allowed: new Set(['true', 'false']) },
} as const;
export type FacetParam = keyof typeof FACETS;
export const FACET_PARAMS = Object.keys(FACETS) as FacetParam[];

/** Everything a search page shows is in its URL: this is that state, validated. */
export interface SearchState {
  q: string;
  filters: Record<FacetParam, string[]>;
  from: string;
  to: string;
  sort: SearchSort;
  page: number;
}

export interface SearchProblem {
  /** The id of the form field the problem is about, for the error summary's link. */
  field: string;
  message: string;
  /** What was typed, when it is given back in its field to be mended (a date, the words). */
  typed?: string;
}

/** A day that exists, as the API's CalendarDate takes it (years 0001 to 9999). */
const isDay = (value: string): boolean => isCalendarDate(value);

/** The fault of a YYYY-MM-DD that is no day, or null when it is one or not of that shape. */
export function dateFault(value: string): DateFault | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || isDay(value)) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (year < 1) return { part: 'year' };
  if (month < 1 || month > 12) return { part: 'month', month };
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  // Day 0 of the next month is this month's last (2001: no leap year; February apart).
  const days = month === 2 ? (leap ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
  return { part: 'day', year, month, days };
}

export function emptyState(): SearchState {
  return {
    q: '',
    filters: Object.fromEntries(FACET_PARAMS.map((p) => [p, []])) as unknown as Record<
      FacetParam,
      string[]
    >,
    from: '',
    to: '',
    sort: 'relevance',
    page: 1,
  };
}

/**
 * Reads a search URL's query string. Bad values are dropped from the state and reported, in the
 * reader's language, so the page can say what to fix and still search with the rest.
 */
export function parseSearchState(
  query: URLSearchParams,
  t: Messages,
): { state: SearchState; problems: SearchProblem[] } {
  const state = emptyState();
  const problems: SearchProblem[] = [];
  const q = (query.get('q') ?? '').trim();
  // A refused text stays in its box as typed (the characters refused marked), to be mended.
  if (characterCount(q) > MAX_QUERY_LENGTH)
    problems.push({ field: 'q', message: t.search.badQuery, typed: q });
  // The API's text rule (no control characters, NUL or lone surrogates), as GraphQL search has.
  else if (plainTextProblem(q))
    problems.push({
      field: 'q',
      message: t.search.badQueryText,
      typed: withRefusedCharactersMarked(q),
    });
  // Words that show nothing (a zero-width space copied along) are no words: the plain list,
  // not a search "for" a blank that reads as nothing to a screen reader.
  else if (hasVisibleText(q)) state.q = q;
  // A filter written as some frameworks write lists (`kind[]=…`, `kind[0]=…`) is said, not
  // dropped without a word: the reader would take everything for the filtered list.
  const bracketed = new Set(
    [...query.keys()].map((key) => /^(\w+)\[[^\]]*\]$/.exec(key)?.[1]).filter(Boolean),
  );
  for (const param of FACET_PARAMS) {
    const label = t.search.facet[param];
    if (bracketed.has(param))
      problems.push({ field: 'filters', message: t.search.badValue(label) });
    const values = [...new Set(query.getAll(param).filter((v) => v !== ''))];
    if (values.length > MAX_VALUES) {
      problems.push({ field: 'filters', message: t.search.tooManyValues(label) });
      continue;
    }
    const { allowed } = FACETS[param];
    const ok = values.filter((v) => (allowed instanceof RegExp ? allowed.test(v) : allowed.has(v)));
    if (ok.length < values.length)
      problems.push({ field: 'filters', message: t.search.badValue(label) });
    state.filters[param] = ok;
  }
  for (const [param, label] of [
    ['from', t.search.publishedFrom],
    ['to', t.search.publishedTo],
  ] as const) {
    const value = (query.get(param) ?? '').trim();
    if (value === '') continue;
    if (isDay(value)) state[param] = value;
    else {
      // Written as asked but no day of the calendar: say which part, not "write YYYY-MM-DD".
      const fault = dateFault(value);
      problems.push({
        field: param,
        message: fault ? t.search.noSuchDate(label, value, fault) : t.search.badDate(label),
        typed: value,
      });
    }
  }
  if (state.from && state.to && state.to < state.from) {
    problems.push({ field: 'to', message: t.search.badRange, typed: state.to });
    state.to = '';
  }
  const sort = query.get('sort');
  if (sort !== null && sort !== '') {
    if ((SORTS as string[]).includes(sort)) state.sort = sort as SearchSort;
    else problems.push({ field: 'sort', message: t.search.badSort });
  }
  const page = query.get('page');
  if (page !== null && page !== '') {
    // Past the last page is no fault of the reader's: the page says where the results end.
    const n = /^\d{1,9}$/.test(page) ? Number(page) : NaN;
    if (n >= 1) state.page = n;
    // No field holds the page number: the summary leads to the results and their pages.
    else problems.push({ field: 'results', message: t.search.badPage });
  }
  return { state, problems };
}

/** The query string of a state (canonical order; defaults left out), with a leading `?` or ''. */
export function searchQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.append('q', state.q);
  for (const param of FACET_PARAMS) for (const v of state.filters[param]) params.append(param, v);
  if (state.from) params.append('from', state.from);
  if (state.to) params.append('to', state.to);
  if (state.sort !== 'relevance') params.append('sort', state.sort);
  if (state.page !== 1) params.append('page', String(state.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The state with one facet value added, or removed when present (back to page 1). */
export function toggled(state: SearchState, param: FacetParam, value: string): SearchState {
  const current = state.filters[param];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, filters: { ...state.filters, [param]: next }, page: 1 };
}

/** The search service's parameters for a state. */
export function toSearchParams(state: SearchState): PublicSearchParams {
  const f = state.filters;
  const concerns = f.hasOpenConcerns;
  return {
    query: state.q,
    filter: {
      kind: f.kind as EntryKind[],
      department: f.department,
      principle: f.principle,
      lifecycle: f.lifecycle as LifecycleStage[],
      riskClass: f.riskClass as RiskClass[],
      personalData: f.personalData as PersonalDataLevel[],
      // Both values chosen, or neither: no filter.
      hasOpenConcerns: concerns.length === 1 ? concerns[0] === 'true' : undefined,
      publishedFrom: state.from || undefined,
      publishedTo: state.to || undefined,
    },
    facets: FACET_PARAMS.map((p) => FACETS[p].facet),
    sort:
      state.sort === 'newest'
        ? [{ field: SearchSortField.PUBLISHED_AT, direction: SearchSortDirection.DESC }]
        : state.sort === 'title'
          ? [{ field: SearchSortField.TITLE, direction: SearchSortDirection.ASC }]
          : null,
    limit: PAGE_SIZE,
    // Past the deepest page the index answers, its last page: the count, and no hits.
    offset: (Math.min(state.page, MAX_PAGE) - 1) * PAGE_SIZE,
  };
}
