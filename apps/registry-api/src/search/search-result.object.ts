import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EntryKind, LifecycleStage } from '@insyn/registry';
import { PublicEntryStatus, SearchFacet } from '@insyn/search';
import { DepartmentObject } from '../departments/department.object';
import './search-enums.graphql';

@ObjectType('SearchHit', {
  description: 'A public entry that matches; `id` and `slug` lead to the full entry.',
})
export class SearchHitObject {
  @Field(() => ID)
  id!: string;

  @Field()
  slug!: string;

  @Field(() => EntryKind)
  kind!: EntryKind;

  @Field()
  title!: string;

  @Field()
  summary!: string;

  @Field({ description: 'HTML: the title, escaped, with the matches in <mark>…</mark>.' })
  titleHighlighted!: string;

  @Field({ description: 'HTML: the summary, escaped, with the matches in <mark>…</mark>.' })
  summaryHighlighted!: string;

  @Field(() => DepartmentObject)
  department!: DepartmentObject;

  @Field(() => [String], { description: 'Codes of the principles the entry links to.' })
  principleCodes!: string[];

  @Field(() => PublicEntryStatus)
  status!: PublicEntryStatus;

  @Field(() => LifecycleStage, { nullable: true })
  lifecycle!: LifecycleStage | null;

  @Field({ description: 'When the version shown was published.' })
  publishedAt!: Date;

  @Field({ description: 'When what the public sees last changed (publication or retirement).' })
  updatedAt!: Date;
}

@ObjectType('SearchFacetValue')
export class SearchFacetValueObject {
  @Field()
  value!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SearchFacetDistribution', {
  description: 'How many matching entries have each value of a facet.',
})
export class SearchFacetDistributionObject {
  @Field(() => SearchFacet)
  facet!: SearchFacet;

  @Field(() => [SearchFacetValueObject], { description: 'Most frequent first.' })
  values!: SearchFacetValueObject[];
}

@ObjectType('SearchResult')
export class SearchResultObject {
  @Field(() => [SearchHitObject])
  hits!: SearchHitObject[];

  @Field(() => [SearchFacetDistributionObject], { description: 'One per requested facet.' })
  facetDistribution!: SearchFacetDistributionObject[];

  @Field(() => Int, { description: 'Estimated number of matches in all.' })
  estimatedTotalHits!: number;

  @Field(() => Int, { description: 'Time Meilisearch took, in milliseconds.' })
  processingTimeMs!: number;

  @Field(() => Int)
  first!: number;

  @Field(() => Int)
  offset!: number;
}
