import { RoundedUpBound } from '../../graphql/scalars/date-time.scalar';
import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
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
  AlgorithmType,
  AutomationLevel,
  EntryListView,
  EntryOrder,
  EntryStatus,
  ImpactAssessmentType,
  MAX_PAGE_SIZE,
  SensorType,
} from '@insyn/registry';
import {
  NotEmptyFilter,
  count,
  cursorDescription,
  OptionalDate,
  OptionalEnumList,
  OptionalNestedList,
  OptionalTextList,
} from '../../graphql/validation/input-fields';
import { IsOnOrAfter } from '../../graphql/validation/date-only.validator';
import { EntryFacetsFilterInput } from './entry-facets-filter.input';

registerEnumType(EntryOrder, { name: 'EntryOrder' });
registerEnumType(EntryListView, {
  name: 'EntryListView',
  description:
    'WORKING: what you may see (your own drafts included). PUBLISHED: what the public sees, for everyone.',
});

/** Entries cursors hold a title key of up to 400 characters, base64-encoded. */
const CURSOR_MAX_LENGTH = 600;

/** The fields of an entries filter, without `anyOf` (an `anyOf` group cannot nest another). */
@InputType({ isAbstract: true })
export abstract class EntryFilterFieldsInput extends EntryFacetsFilterInput {
  @OptionalEnumList(EntryStatus, 4, 'Default: all but RETIRED.')
  @NotEmptyFilter()
  status?: EntryStatus[];

  @Field(() => Date, {
    nullable: true,
    description:
      'Entries whose updatedAt is at or after this moment: a publication, a retirement (ask for status RETIRED to see retired entries), or, for staff, an edit of a draft.',
  })
  @IsOptional()
  @IsDate()
  @RoundedUpBound()
  updatedSince?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Whether it has ever been published.' })
  @IsOptional()
  @IsBoolean()
  hasPublishedVersion?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether it has an unpublished working version (its staff only; to anyone else no entry has one).',
  })
  @IsOptional()
  @IsBoolean()
  hasPendingDraft?: boolean;

  @OptionalDate('Review due before this day.')
  reviewDueBefore?: string;

  @Field(() => Date, { nullable: true, description: 'Published version published at or after.' })
  @IsOptional()
  @IsDate()
  @RoundedUpBound()
  publishedFrom?: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Published version published before. Not before publishedFrom.',
  })
  @IsOptional()
  @IsDate()
  @RoundedUpBound()
  @IsOnOrAfter('publishedFrom')
  publishedTo?: Date;

  @OptionalDate('Bias assessment dated before this day. Not before biasAssessedAfter.')
  @IsOnOrAfter('biasAssessedAfter')
  biasAssessedBefore?: string;

  @OptionalDate('Bias assessment dated on or after this day.')
  biasAssessedAfter?: string;

  @OptionalEnumList(ImpactAssessmentType, 10, 'Has an impact assessment of each of these types.')
  @NotEmptyFilter()
  impactAssessmentPresent?: ImpactAssessmentType[];

  @OptionalEnumList(
    ImpactAssessmentType,
    10,
    'Has no impact assessment of any of these types. Where the types are withheld from you they are unknown: such an entry matches neither this nor impactAssessmentPresent.',
  )
  @NotEmptyFilter()
  impactAssessmentMissing?: ImpactAssessmentType[];

  @OptionalTextList(20, 200, { description: 'Supplier names (whole name, any case).' })
  @NotEmptyFilter()
  supplier?: string[];

  @OptionalEnumList(AutomationLevel, 10)
  @NotEmptyFilter()
  automationLevel?: AutomationLevel[];

  @OptionalEnumList(AlgorithmType, 10)
  @NotEmptyFilter()
  algorithmType?: AlgorithmType[];

  @OptionalEnumList(SensorType, 20)
  @NotEmptyFilter()
  sensorType?: SensorType[];
}

@InputType('EntryFilterGroupInput', { description: 'One alternative of an anyOf.' })
export class EntryFilterGroupInput extends EntryFilterFieldsInput {}

@InputType({
  description:
    'Each list field matches any of its values (a list given holds one at least: leave it out not to filter by it); fields combine with AND; anyOf holds when any of its groups does.',
})
export class EntryFilterInput extends EntryFilterFieldsInput {
  @OptionalNestedList(() => EntryFilterGroupInput, 10, {
    description: 'At least one of these holds (each with the rest of this filter).',
  })
  @NotEmptyFilter()
  anyOf?: EntryFilterGroupInput[];
}

@ArgsType()
export class EntriesArgs {
  @Field(() => EntryFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EntryFilterInput)
  filter?: EntryFilterInput;

  @Field(() => EntryOrder, { defaultValue: EntryOrder.UPDATED_AT_DESC })
  @IsEnum(EntryOrder)
  orderBy: EntryOrder = EntryOrder.UPDATED_AT_DESC;

  @Field(() => Int, { defaultValue: 20, description: `From 1 to ${count(MAX_PAGE_SIZE)}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true, description: cursorDescription(CURSOR_MAX_LENGTH) })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  after?: string;

  @Field(() => EntryListView, { defaultValue: EntryListView.WORKING })
  @IsEnum(EntryListView)
  view: EntryListView = EntryListView.WORKING;

  @Field(() => Date, {
    nullable: true,
    description: 'What the public saw at this moment (the published view then).',
  })
  @IsOptional()
  @IsDate()
  asOf?: Date;
}
