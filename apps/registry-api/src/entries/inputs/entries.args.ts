import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { OptionalDate } from '../../graphql/validation/input-fields';
import { EntryFacetsFilterInput } from './entry-facets-filter.input';

registerEnumType(EntryOrder, { name: 'EntryOrder' });

registerEnumType(EntryListView, {
  name: 'EntryListView',
  description:
    'WORKING: what you may see (your own drafts included). PUBLISHED: what the public sees, for everyone.',
});

/** The fields of an entries filter, without `anyOf` (an `anyOf` group cannot nest another). */
@InputType({ isAbstract: true })
export abstract class EntryFilterFieldsInput extends EntryFacetsFilterInput {
  @Field(() => [EntryStatus], { nullable: true, description: 'Default: all but RETIRED.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(EntryStatus, { each: true })
  status?: EntryStatus[];

  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() updatedSince?: Date;

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

  @OptionalDate('Review due before this day (YYYY-MM-DD).')
  reviewDueBefore?: string;

  @Field(() => Date, { nullable: true, description: 'Published version published at or after.' })
  @IsOptional()
  @IsDate()
  publishedFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Published version published before.' })
  @IsOptional()
  @IsDate()
  publishedTo?: Date;

  @OptionalDate('Bias assessment dated before this day (YYYY-MM-DD).')
  biasAssessedBefore?: string;

  @OptionalDate('Bias assessment dated on or after this day (YYYY-MM-DD).')
  biasAssessedAfter?: string;

  @Field(() => [ImpactAssessmentType], {
    nullable: true,
    description: 'Has an impact assessment of each of these types.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ImpactAssessmentType, { each: true })
  impactAssessmentPresent?: ImpactAssessmentType[];

  @Field(() => [ImpactAssessmentType], {
    nullable: true,
    description: 'Has no impact assessment of any of these types.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ImpactAssessmentType, { each: true })
  impactAssessmentMissing?: ImpactAssessmentType[];

  @Field(() => [String], {
    nullable: true,
    description: 'Supplier names (whole name, any case). At most 20, each at most 200 characters.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  supplier?: string[];

  @Field(() => [AutomationLevel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(AutomationLevel, { each: true })
  automationLevel?: AutomationLevel[];

  @Field(() => [AlgorithmType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(AlgorithmType, { each: true })
  algorithmType?: AlgorithmType[];

  @Field(() => [SensorType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(SensorType, { each: true })
  sensorType?: SensorType[];
}

@InputType('EntryFilterGroupInput', { description: 'One alternative of an anyOf.' })
export class EntryFilterGroupInput extends EntryFilterFieldsInput {}

@InputType({
  description:
    'Each list field matches any of its values; fields combine with AND; anyOf holds when any of its groups does.',
})
export class EntryFilterInput extends EntryFilterFieldsInput {
  @Field(() => [EntryFilterGroupInput], {
    nullable: true,
    description: 'At least one of these holds (each with the rest of this filter). At most 10.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EntryFilterGroupInput)
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

  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(600) after?: string;

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
