import { Injectable } from '@nestjs/common';
import { BadInputError, characterCount, DomainError, ErrorCode, FieldProblem } from '@insyn/errors';
import {
  describeSearchError,
  isSearchAuthError,
  isSearchUnavailableError,
  meilisearchErrorCode,
} from '../meilisearch/meilisearch-errors';
import type { MultiSearchParams, SearchResponse } from '../meilisearch/meilisearch-sdk';
import { PublicEntryDocument, PublicTranslation } from '../public-entry-document';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET } from '../search-index-settings';
import { SearchRuntime } from '../search-runtime';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, toHighlightHtml } from './highlight';
import {
  FACET_ATTRIBUTES,
  FACET_FILTER_FIELDS,
  FacetCounts,
  PublicSearchFilter,
  PublicSearchHit,
  PublicSearchParams,
  PublicSearchResult,
  SearchFacet,
  SearchSortDirection,
  SORT_ATTRIBUTES,
} from './public-search-query';
import { buildSearchFilter } from './search-filter';

/** Search cannot answer now (Meilisearch down, slow or not ready); the client may retry. */
export class SearchUnavailableError extends DomainError {
  constructor() {
    super(
      ErrorCode.SEARCH_UNAVAILABLE,
      'Search is unavailable right now; please try again shortly',
    );
  }
}

export const MAX_QUERY_LENGTH = 200;

/**
 * What a hit needs from the document; nothing else leaves Meilisearch. The title and summary are
 * not among them: Meilisearch puts every retrieved attribute in `_formatted` as well as the
 * highlighted ones, so they come once, highlighted, and the plain text is that without the
 * markers (which never occur in indexed text: the text rule refuses control characters).
 */
const RETRIEVED: readonly (keyof PublicEntryDocument)[] = [
  'id',
  'slug',
  'kind',
  'departmentId',
  'departmentSlug',
  'departmentNameSv',
  'departmentNameEn',
  'principleCodes',
  'status',
  'lifecycle',
  'riskClass',
  'aiActClass',
  'personalData',
  'reviewOverdue',
  'publishedAt',
  'updatedAt',
];
const RETRIEVED_WITH_TRANSLATIONS = [...RETRIEVED, 'translations'];
const MARKERS = new RegExp(`[${HIGHLIGHT_PRE}${HIGHLIGHT_POST}]`, 'g');

/**
 * The search Meilisearch is asked (after the checks of PublicSearchService.search): its words,
 * and the options (filter, facets, sort, page, attributes and highlights); and, for each facet
 * asked for whose own field filters, a count-only search without that field's filter
 * (`facetQueries`: disjunctive facets). Exported so that the benchmark can send the very same
 * search straight to Meilisearch.
 */
export function publicSearchRequest(params: PublicSearchParams) {
  const filter = buildSearchFilter(params.filter);
  const facets = [...new Set(params.facets ?? [])];
  const sort = (params.sort ?? []).map(
    (s) =>
      `${SORT_ATTRIBUTES[s.field]}:${s.direction === SearchSortDirection.ASC ? 'asc' : 'desc'}`,
  );
  const query = (params.query ?? '').trim();
  // The "sort" ranking rule comes first: a sorted search must not reach for documents that
  // match only some of the words, as relevance order may. Facet counts match as the hits do.
  const matchingStrategy = sort.length && query ? ('all' as const) : ('last' as const);
  const disjunctive = facets.filter((f) => filters(params.filter, FACET_FILTER_FIELDS[f]));
  return {
    query,
    facets,
    options: {
      filter,
      facets: facets.filter((f) => !disjunctive.includes(f)).map((f) => FACET_ATTRIBUTES[f]),
      sort: sort.length ? sort : undefined,
      matchingStrategy,
      limit: params.limit,
      offset: params.offset,
      // Translations are the largest part of a document and of its highlighting: only on request.
      attributesToRetrieve: params.translations ? RETRIEVED_WITH_TRANSLATIONS : [...RETRIEVED],
      attributesToHighlight: params.translations
        ? ['title', 'summary', 'translations']
        : ['title', 'summary'],
      highlightPreTag: HIGHLIGHT_PRE,
      highlightPostTag: HIGHLIGHT_POST,
    },
    facetQueries: disjunctive.map((facet) => ({
      facet,
      options: {
        filter: buildSearchFilter({ ...params.filter, [FACET_FILTER_FIELDS[facet]]: undefined }),
        facets: [FACET_ATTRIBUTES[facet]],
        matchingStrategy,
        limit: 0,
      },
    })),
  };
}

export type PublicSearchRequest = ReturnType<typeof publicSearchRequest>;

/**
 * The HTTP request Meilisearch gets for a search: `/indexes/…/search`, or `/multi-search` with
 * the facet counts' searches after the main one.
 */
export function meilisearchRequest(
  request: PublicSearchRequest,
  indexUid: string,
): { path: string; body: Record<string, unknown> } {
  const main = { q: request.query, ...request.options };
  if (!request.facetQueries.length)
    return { path: `/indexes/${encodeURIComponent(indexUid)}/search`, body: main };
  return {
    path: '/multi-search',
    body: {
      queries: [
        { indexUid, ...main },
        ...request.facetQueries.map((f) => ({ indexUid, q: request.query, ...f.options })),
      ],
    },
  };
}

/** Whether a filter field holds a choice: a list with values, or true or false. */
function filters(filter: PublicSearchFilter | null | undefined, field: keyof PublicSearchFilter) {
  const value = filter?.[field];
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** Errors Meilisearch gives for filters, sorts or facets on an index whose settings are not applied yet. */
const NOT_READY = new Set([
  'invalid_search_filter',
  'invalid_search_sort',
  'invalid_search_facets',
  'index_not_accessible',
]);

/**
 * Public full-text search over the public index (anonymous; the index holds public documents
 * only). Answers within about the search timeout: Meilisearch unreachable, slow or not ready
 * becomes SearchUnavailableError, never an internal error.
 */
@Injectable()
export class PublicSearchService {
  constructor(private readonly runtime: SearchRuntime) {}

  async search(params: PublicSearchParams): Promise<PublicSearchResult> {
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(params.limit) || params.limit < 1 || params.limit > MAX_SEARCH_LIMIT)
      problems.push({ field: 'first', message: `must be 1 to ${MAX_SEARCH_LIMIT}` });
    if (!Number.isInteger(params.offset) || params.offset < 0 || params.offset > MAX_SEARCH_OFFSET)
      problems.push({ field: 'offset', message: `must be 0 to ${MAX_SEARCH_OFFSET}` });
    // Characters, as every length of the API is counted (an emoji is one, not two).
    if (characterCount(params.query ?? '') > MAX_QUERY_LENGTH)
      problems.push({ field: 'query', message: `must be at most ${MAX_QUERY_LENGTH} characters` });
    if (problems.length) throw new BadInputError(problems);
    const request = publicSearchRequest(params);
    const facets = request.facets;

    const started = Date.now();
    try {
      const result = await withDeadline(this.runtime.searchTimeoutMs + 500, async () => {
        const client = await this.runtime.searchClient();
        const indexUid = this.runtime.indexName;
        let response: SearchResponse<PublicEntryDocument>;
        let distribution = {};
        if (!request.facetQueries.length) {
          response = await client
            .index<PublicEntryDocument>(indexUid)
            .search(request.query, request.options);
        } else {
          // One round trip: the hits with the other facets, then each chosen facet's counts.
          const { results } = await client.multiSearch<MultiSearchParams, PublicEntryDocument>(
            meilisearchRequest(request, indexUid).body as unknown as MultiSearchParams,
          );
          response = results[0];
          distribution = Object.assign({}, ...results.slice(1).map((r) => r.facetDistribution));
        }
        return {
          hits: response.hits.map((hit) => toHit(hit, hit._formatted)),
          facetDistribution: facetCounts(facets, {
            ...response.facetDistribution,
            ...distribution,
          }),
          estimatedTotalHits: response.estimatedTotalHits ?? response.hits.length,
          processingTimeMs: response.processingTimeMs,
          limit: params.limit,
          offset: params.offset,
        };
      });
      this.runtime.searchSucceeded();
      return result;
    } catch (error) {
      const code = meilisearchErrorCode(error);
      if (code === 'index_not_found') {
        this.runtime.searchFailed();
        // The API and the indexer make the index at start: missing, it is not made yet or
        // Meilisearch lost it (the indexer makes it again and refills it). Either way no answer
        // can be given; "nothing found" would say the register is empty.
        this.runtime.log.warn({ index: this.runtime.indexName }, 'search index missing');
        throw new SearchUnavailableError();
      }
      if (
        error instanceof SearchUnavailableError ||
        isSearchUnavailableError(error) ||
        NOT_READY.has(code ?? '')
      ) {
        if (isSearchAuthError(error)) this.runtime.forgetKey();
        this.runtime.searchFailed();
        this.runtime.log.warn(
          {
            reason:
              error instanceof SearchUnavailableError ? 'deadline' : describeSearchError(error),
            ms: Date.now() - started,
          },
          'search unavailable',
        );
        throw new SearchUnavailableError();
      }
      throw error;
    }
  }
}

function toHit(
  doc: Partial<PublicEntryDocument>,
  formatted: Partial<Record<keyof PublicEntryDocument, unknown>> | undefined,
): PublicSearchHit {
  const shownTitle = textOf(formatted?.title ?? doc.title);
  const shownSummary = textOf(formatted?.summary ?? doc.summary);
  const title = shownTitle.replace(MARKERS, '');
  const summary = shownSummary.replace(MARKERS, '');
  return {
    id: doc.id!,
    slug: doc.slug!,
    kind: doc.kind!,
    title,
    summary,
    titleHighlighted: toHighlightHtml(shownTitle, title),
    summaryHighlighted: toHighlightHtml(shownSummary, summary),
    translations: (doc.translations ?? []).map((t, i) => {
      const shown = (formatted?.translations as PublicTranslation[] | undefined)?.[i];
      return {
        language: t.language,
        title: t.title,
        summary: t.summary,
        titleHighlighted: toHighlightHtml(shown?.title, t.title),
        summaryHighlighted: toHighlightHtml(shown?.summary, t.summary),
      };
    }),
    department: {
      id: doc.departmentId!,
      slug: doc.departmentSlug!,
      nameSv: doc.departmentNameSv!,
      nameEn: doc.departmentNameEn!,
    },
    principleCodes: doc.principleCodes ?? [],
    status: doc.status!,
    lifecycle: doc.lifecycle ?? null,
    riskClass: doc.riskClass ?? null,
    aiActClass: doc.aiActClass ?? null,
    personalData: doc.personalData ?? null,
    reviewOverdue: doc.reviewOverdue ?? false,
    publishedAt: new Date(doc.publishedAt!),
    updatedAt: new Date(doc.updatedAt ?? doc.publishedAt!),
  };
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function facetCounts(
  facets: SearchFacet[],
  distribution: Record<string, Record<string, number>> | undefined,
): FacetCounts[] {
  return facets.map((facet) => ({
    facet,
    values: Object.entries(distribution?.[FACET_ATTRIBUTES[facet]] ?? {})
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
  }));
}

/**
 * Runs `work`, or throws SearchUnavailableError when it takes longer than `ms` (the work's own
 * later failure is then handled by the race, unheard).
 */
export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SearchUnavailableError()), ms);
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
