import { PublicSearchResult } from '@insyn/search';
import { SearchResultObject } from './search-result.object';

export function toSearchResultObject(result: PublicSearchResult): SearchResultObject {
  return {
    hits: result.hits.map((hit) => ({
      ...hit,
      department: { ...hit.department },
      principleCodes: [...hit.principleCodes],
    })),
    facetDistribution: result.facetDistribution.map((f) => ({
      facet: f.facet,
      values: f.values.map((v) => ({ value: v.value, count: v.count })),
    })),
    estimatedTotalHits: result.estimatedTotalHits,
    processingTimeMs: result.processingTimeMs,
    first: result.limit,
    offset: result.offset,
  };
}
