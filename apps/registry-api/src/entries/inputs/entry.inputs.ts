import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PersonalDataLevel, Theme } from '@insyn/registry';
import { IsDateOnly } from '../../graphql/validation/date-only.validator';
import { AccountabilityInput, NonDiscriminationInput } from './disclosures.inputs';
import {
  AlgorithmDetailsInput,
  DatasetDetailsInput,
  IotDeploymentDetailsInput,
} from './kind-details.inputs';
import { LIMITS } from './input-limits';
import {
  ContactInput,
  GeographicAreaInput,
  ImpactAssessmentInput,
  LegalBasisInput,
  LifecycleInput,
  PrincipleLinkInput,
  SupplierInput,
  WithheldInformationInput,
} from './shared-content.inputs';

/**
 * The shared core of every kind. Everything is optional so a draft can be filled in over several
 * sessions (`title` is required to register). On update, a field given replaces the stored one
 * (a whole sub-object or list), `null` clears it, and an absent field stays as it was.
 */
@InputType({ isAbstract: true })
export abstract class EntryCoreInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.title)
  title?: string;
  @Field(() => String, { nullable: true, description: 'Plain language, at most 400 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.summary)
  summary?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.long)
  description?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  responsibleTeam?: string;
  @Field(() => ContactInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactInput)
  contact?: ContactInput;
  @Field(() => LifecycleInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LifecycleInput)
  lifecycle?: LifecycleInput;
  @Field(() => Theme, { nullable: true }) @IsOptional() @IsEnum(Theme) theme?: Theme;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.keywords)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(LIMITS.keyword, { each: true })
  keywords?: string[];

  @Field(() => GeographicAreaInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeographicAreaInput)
  geographicArea?: GeographicAreaInput;

  @Field(() => [LegalBasisInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => LegalBasisInput)
  legalBasis?: LegalBasisInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  purpose?: string;

  @Field(() => [SupplierInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => SupplierInput)
  suppliers?: SupplierInput[];

  @Field(() => [ImpactAssessmentInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => ImpactAssessmentInput)
  impactAssessments?: ImpactAssessmentInput[];

  @Field(() => String, {
    nullable: true,
    description: 'Why no impact assessment was done, when none was.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  noImpactAssessmentReason?: string;

  @Field(() => PersonalDataLevel, { nullable: true })
  @IsOptional()
  @IsEnum(PersonalDataLevel)
  personalData?: PersonalDataLevel;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @IsString({ each: true })
  @MaxLength(LIMITS.short, { each: true })
  specialCategories?: string[];

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsDateOnly()
  reviewDueDate?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  revisionNote?: string;

  @Field(() => [WithheldInformationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => WithheldInformationInput)
  withheld?: WithheldInformationInput[];

  @Field(() => [PrincipleLinkInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @ArrayUnique((p: PrincipleLinkInput) => p.code, {
    message: 'principles must not name a principle twice',
  })
  @ValidateNested({ each: true })
  @Type(() => PrincipleLinkInput)
  principles?: PrincipleLinkInput[];

  @Field(() => AccountabilityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountabilityInput)
  accountability?: AccountabilityInput;

  @Field(() => NonDiscriminationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => NonDiscriminationInput)
  nonDiscrimination?: NonDiscriminationInput;
}

@InputType({ description: 'An algorithm: the shared core and its algorithm details.' })
export class AlgorithmInput extends EntryCoreInput {
  @Field(() => AlgorithmDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlgorithmDetailsInput)
  algorithm?: AlgorithmDetailsInput;
}

@InputType({ description: 'A dataset: the shared core and its DCAT-AP details.' })
export class DatasetInput extends EntryCoreInput {
  @Field(() => DatasetDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DatasetDetailsInput)
  dataset?: DatasetDetailsInput;
}

@InputType({ description: 'An IoT deployment: the shared core and its sensor details.' })
export class IotDeploymentInput extends EntryCoreInput {
  @Field(() => IotDeploymentDetailsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IotDeploymentDetailsInput)
  iotDeployment?: IotDeploymentDetailsInput;
}
