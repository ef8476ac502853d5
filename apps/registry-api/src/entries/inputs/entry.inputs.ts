import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ContentLanguage, PersonalDataLevel, Theme } from '@insyn/registry';
import { IsEntryTitle } from './entry-title.validator';
import {
  charactersLimit,
  DistinctItems,
  itemsLimit,
  OptionalText,
  OptionalTextList,
  OptionalDate,
  OptionalEnum,
  OptionalNested,
  OptionalNestedList,
  withLimits,
} from '../../graphql/validation/input-fields';
import { AccountabilityInput, NonDiscriminationInput } from './disclosures.inputs';
import {
  AlgorithmDetailsInput,
  DatasetDetailsInput,
  IotDeploymentDetailsInput,
} from './kind-details.inputs';
import { LIMITS } from './input-limits';
import {
  ContactInput,
  EntryTranslationInput,
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
 * sessions (`title` is required to register). On update, a field given replaces the stored one,
 * `null` clears it, and an absent field stays as it was, at every level: nested objects merge,
 * lists and GeoJSON geometries replace whole.
 */
@InputType({ isAbstract: true })
export abstract class EntryCoreInput {
  @Field(() => String, {
    nullable: true,
    description: `Required to register; one line with a letter or a digit. ${charactersLimit(LIMITS.title)}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.title)
  @IsEntryTitle()
  title?: string;
  @OptionalText(LIMITS.summary, 'Plain language.')
  summary?: string;

  @Field(() => [EntryTranslationInput], {
    nullable: true,
    description: withLimits(
      'The title and summary in other languages, at most one per language.',
      itemsLimit(Object.keys(ContentLanguage).length),
    ),
  })
  @IsOptional()
  @ArrayMaxSize(Object.keys(ContentLanguage).length)
  @DistinctItems(Object.keys(ContentLanguage).length, ['language'])
  @ValidateNested({ each: true })
  @Type(() => EntryTranslationInput)
  translations?: EntryTranslationInput[];

  @OptionalText(LIMITS.long)
  description?: string;
  @OptionalText(LIMITS.short)
  responsibleTeam?: string;
  @OptionalNested(() => ContactInput)
  contact?: ContactInput;
  @OptionalNested(() => LifecycleInput)
  lifecycle?: LifecycleInput;
  @OptionalEnum(Theme) theme?: Theme;

  @OptionalTextList(LIMITS.keywords, LIMITS.keyword, { distinct: true })
  keywords?: string[];

  @OptionalNested(() => GeographicAreaInput)
  geographicArea?: GeographicAreaInput;

  @OptionalNestedList(() => LegalBasisInput, LIMITS.list, { distinctBy: ['title'] })
  legalBasis?: LegalBasisInput[];

  @OptionalText(LIMITS.text)
  purpose?: string;

  @OptionalNestedList(() => SupplierInput, LIMITS.list, { distinctBy: ['name', 'role'] })
  suppliers?: SupplierInput[];

  @OptionalNestedList(() => ImpactAssessmentInput, LIMITS.list, {
    distinctBy: ['type', 'date', 'summary', 'link'],
  })
  impactAssessments?: ImpactAssessmentInput[];

  @OptionalText(LIMITS.text, 'Why no impact assessment was done, when none was.')
  noImpactAssessmentReason?: string;

  @OptionalEnum(PersonalDataLevel)
  personalData?: PersonalDataLevel;

  @OptionalTextList(LIMITS.list, LIMITS.short, { distinct: true })
  specialCategories?: string[];

  @OptionalDate('When the entry must be revisited.')
  reviewDueDate?: string;
  @OptionalText(LIMITS.text)
  revisionNote?: string;

  @OptionalNestedList(() => WithheldInformationInput, LIMITS.list)
  withheld?: WithheldInformationInput[];

  @Field(() => [PrincipleLinkInput], {
    nullable: true,
    description: `Each principle at most once. ${itemsLimit(LIMITS.principles)}`,
  })
  @IsOptional()
  @ArrayMaxSize(LIMITS.principles)
  @DistinctItems(LIMITS.principles, ['code'])
  @ValidateNested({ each: true })
  @Type(() => PrincipleLinkInput)
  principles?: PrincipleLinkInput[];

  @OptionalNested(() => AccountabilityInput)
  accountability?: AccountabilityInput;

  @OptionalNested(() => NonDiscriminationInput)
  nonDiscrimination?: NonDiscriminationInput;
}

@InputType({ description: 'An algorithm: the shared core and its algorithm details.' })
export class AlgorithmInput extends EntryCoreInput {
  @OptionalNested(() => AlgorithmDetailsInput)
  algorithm?: AlgorithmDetailsInput;
}

@InputType({ description: 'A dataset: the shared core and its DCAT-AP details.' })
export class DatasetInput extends EntryCoreInput {
  @OptionalNested(() => DatasetDetailsInput)
  dataset?: DatasetDetailsInput;
}

@InputType({ description: 'An IoT deployment: the shared core and its sensor details.' })
export class IotDeploymentInput extends EntryCoreInput {
  @OptionalNested(() => IotDeploymentDetailsInput)
  iotDeployment?: IotDeploymentDetailsInput;
}
