import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, Matches } from 'class-validator';
import {
  AiActClass,
  EntryKind,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { PrincipleCode } from '../registry-enums.graphql';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The filter fields `entries` and `search` share, so both speak one vocabulary. Each list matches
 * any of its values; the fields combine with AND.
 */
@InputType({ isAbstract: true })
export abstract class EntryFacetsFilterInput {
  @Field(() => [EntryKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(EntryKind, { each: true })
  kind?: EntryKind[];

  @Field(() => [String], { nullable: true, description: 'Department slugs.' })
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

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only entries whose review date has passed.',
  })
  @IsOptional()
  @IsBoolean()
  reviewOverdue?: boolean;
}
