import { Args, Query, Resolver } from '@nestjs/graphql';
import { DepartmentsService } from '@insyn/registry';
import { PublicSearchService } from '@insyn/search';
import { refuseUnknownDepartments } from '../departments/department-filter.check';
import { SearchArgs } from './search.args';
import { toSearchResultObject } from './search-result.mapper';
import { SearchResultObject } from './search-result.object';

/** Public search: anonymous, answered from the public index only. */
@Resolver(() => SearchResultObject)
export class SearchResolver {
  constructor(
    private readonly publicSearch: PublicSearchService,
    private readonly departments: DepartmentsService,
  ) {}

  @Query(() => SearchResultObject, {
    description:
      'Full-text search over published and retired entries: typo-tolerant, words inside ' +
      'Swedish compounds, Swedish and English synonyms, filters, facet counts. ' +
      'SEARCH_UNAVAILABLE when the search service is down.',
  })
  async search(@Args() args: SearchArgs): Promise<SearchResultObject> {
    // The department facet is a filter like entries' (an unknown slug is said, not an empty result).
    await refuseUnknownDepartments(this.departments, args.filter);
    const result = await this.publicSearch.search({
      query: args.query,
      filter: args.filter,
      facets: args.facets,
      sort: args.sort,
      limit: args.first,
      offset: args.offset,
    });
    return toSearchResultObject(result);
  }
}
