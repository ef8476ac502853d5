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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AiActClass,
  EntryKind,
  EntryOrder,
  EntryStatus,
  LifecycleStage,
  MAX_PAGE_SIZE,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { PrincipleCode } from '../registry-enums.graphql';

registerEnumType(EntryOrder, { name: 'EntryOrder' });

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@InputType({ description: 'Each list field matches any of its values; fields combine with AND.' })
export class EntryFilterInput {
  @Field(() => [EntryKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(EntryKind, { each: true })
  kind?: EntryKind[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(SLUG, { each: true, message: 'department must hold department slugs' })
  department?: string[];

  @Field(() => [PrincipleCode], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(PrincipleCode, { each: true })
  principle?: PrincipleCode[];
  @Field(() => [LifecycleStage], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(LifecycleStage, { each: true })
  lifecycle?: LifecycleStage[];
  @Field(() => [EntryStatus], { nullable: true, description: 'Default: all but RETIRED.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(EntryStatus, { each: true })
  status?: EntryStatus[];
  @Field(() => [RiskClass], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(RiskClass, { each: true })
  riskClass?: RiskClass[];
  @Field(() => [AiActClass], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(AiActClass, { each: true })
  aiActClass?: AiActClass[];
  @Field(() => [PersonalDataLevel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(PersonalDataLevel, { each: true })
  personalData?: PersonalDataLevel[];
  @Field(() => [Theme], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(Theme, { each: true })
  theme?: Theme[];
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() updatedSince?: Date;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only entries whose review date has passed.',
  })
  @IsOptional()
  @IsBoolean()
  reviewOverdue?: boolean;
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
}
