import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_OFFSET,
  PublicEntryStatus,
  SearchFacet,
  SearchSortDirection,
  SearchSortField,
} from '@insyn/search';
import { IsOnOrAfter } from '../graphql/validation/date-only.validator';
import { NotEmptyFilter, OptionalDate } from '../graphql/validation/input-fields';
import { EntryFacetsFilterInput } from '../entries/inputs/entry-facets-filter.input';
import {
  charactersLimit,
  count,
  itemsLimit,
  OptionalEnumList,
  withLimits,
} from '../graphql/validation/input-fields';
import './search-enums.graphql';

const MAX_SORTS = 3;

@InputType({
  description:
    'Each list matches any of its values (a list given holds one at least: leave it out not to filter by it); the fields combine with AND.',
})
export class SearchFilterInput extends EntryFacetsFilterInput {
  @OptionalEnumList(PublicEntryStatus, 2, 'Default: both.')
  @NotEmptyFilter()
  status?: PublicEntryStatus[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Entries with (true) or without (false) a concern waiting for the department ' +
      '(received, acknowledged or under review).',
  })
  @IsOptional()
  @IsBoolean()
  hasOpenConcerns?: boolean;

  @OptionalDate('Published (its current version) on or after this day, YYYY-MM-DD (UTC).')
  publishedFrom?: string;

  @OptionalDate('Published (its current version) on or before this day, YYYY-MM-DD (UTC).')
  @IsOnOrAfter('publishedFrom')
  publishedTo?: string;
}

@InputType()
export class SearchSortInput {
  @Field(() => SearchSortField)
  @IsEnum(SearchSortField)
  field!: SearchSortField;

  @Field(() => SearchSortDirection, { defaultValue: SearchSortDirection.DESC })
  @IsEnum(SearchSortDirection)
  direction: SearchSortDirection = SearchSortDirection.DESC;
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, {
    nullable: true,
    description: withLimits(
      'Words to find (typo-tolerant, also inside Swedish compounds, Swedish and English ' +
        'synonyms); empty: everything.',
      charactersLimit(MAX_QUERY_LENGTH),
    ),
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  query?: string;

  @Field(() => SearchFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchFilterInput)
  filter?: SearchFilterInput;

  @OptionalEnumList(
    SearchFacet,
    Object.keys(SearchFacet).length,
    'Fields to count values of, over the matches. A facet whose own field filters is counted as ' +
      'if that field did not filter (the other fields still do): each value then says how many ' +
      'matches choosing it too would add or keep, as a list matches any of its values.',
  )
  facets?: SearchFacet[];

  @Field(() => [SearchSortInput], {
    nullable: true,
    description:
      'Applied in order, before relevance (which only breaks ties); with a query, a sorted search ' +
      'returns only entries that match every word. Without it, by relevance. TITLE is Swedish ' +
      `alphabetical order (å, ä, ö after z). ${itemsLimit(MAX_SORTS)}`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_SORTS)
  @ValidateNested({ each: true })
  @Type(() => SearchSortInput)
  sort?: SearchSortInput[];

  @Field(() => Int, { defaultValue: 20, description: `From 1 to ${count(MAX_SEARCH_LIMIT)}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_LIMIT)
  first = 20;

  @Field(() => Int, { defaultValue: 0, description: `From 0 to ${count(MAX_SEARCH_OFFSET)}.` })
  @IsInt()
  @Min(0)
  @Max(MAX_SEARCH_OFFSET)
  offset = 0;
}
