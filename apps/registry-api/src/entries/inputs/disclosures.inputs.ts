import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly } from '../../graphql/validation/date-only.validator';
import { HTTP_URL, LIMITS } from './input-limits';

@InputType()
export class AccountabilityInput {
  @Field(() => String, { nullable: true, description: 'A role, e.g. head of unit.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  accountableOwner?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  humanOversight?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  appealProcess?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  dataSubjectRightsLink?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() reversible?: boolean;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  reversibilityNote?: string;
}

@InputType()
export class ProtectedCharacteristicInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.short) characteristic!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.text) justification!: string;
}

@InputType()
export class BiasAssessmentInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.text) method!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDateOnly() date?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  groupsCompared?: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.text) resultSummary!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  link?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  performanceByGroup?: string;
  @Field({
    description: 'Whether the assessment found unfair effects (then mitigation is required).',
  })
  @IsBoolean()
  issuesFound!: boolean;
}

@InputType()
export class AccessibilityInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @IsString({ each: true })
  @MaxLength(LIMITS.keyword, { each: true })
  languages?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  nonDigitalAlternative?: string;
}

@InputType()
export class NonDiscriminationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  affectedGroups?: string;

  @Field(() => [ProtectedCharacteristicInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => ProtectedCharacteristicInput)
  protectedCharacteristics?: ProtectedCharacteristicInput[];

  @Field(() => String, {
    nullable: true,
    description: 'State "none used or inferable" explicitly.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  noProtectedCharacteristicsStatement?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  proxyVariables?: string;

  @Field(() => BiasAssessmentInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BiasAssessmentInput)
  biasAssessment?: BiasAssessmentInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  mitigationMeasures?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  consultation?: string;

  @Field(() => AccessibilityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccessibilityInput)
  accessibility?: AccessibilityInput;
}
