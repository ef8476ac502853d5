import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import {
  OptionalText,
  OptionalTextList,
  OptionalUrl,
  RequiredText,
  OptionalDate,
  OptionalNested,
  OptionalNestedList,
} from '../../graphql/validation/input-fields';
import { LIMITS } from './input-limits';

@InputType()
export class AccountabilityInput {
  @OptionalText(LIMITS.short, 'A role, e.g. head of unit.')
  accountableOwner?: string;
  @OptionalText(LIMITS.text)
  humanOversight?: string;
  @OptionalText(LIMITS.text)
  appealProcess?: string;
  @OptionalUrl()
  dataSubjectRightsLink?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() reversible?: boolean;
  @OptionalText(LIMITS.text)
  reversibilityNote?: string;
}

@InputType()
export class ProtectedCharacteristicInput {
  @RequiredText(LIMITS.short) characteristic!: string;
  @RequiredText(LIMITS.text) justification!: string;
}

@InputType()
export class BiasAssessmentInput {
  @RequiredText(LIMITS.text) method!: string;
  @OptionalDate() date?: string;
  @OptionalText(LIMITS.text)
  groupsCompared?: string;
  @RequiredText(LIMITS.text) resultSummary!: string;
  @OptionalUrl()
  link?: string;
  @OptionalText(LIMITS.text)
  performanceByGroup?: string;
  @Field({
    description: 'Whether the assessment found unfair effects (then mitigation is required).',
  })
  @IsBoolean()
  issuesFound!: boolean;
}

@InputType()
export class AccessibilityInput {
  @OptionalTextList(LIMITS.list, LIMITS.keyword, { distinct: true })
  languages?: string[];
  @OptionalText(LIMITS.text)
  nonDigitalAlternative?: string;
}

@InputType()
export class NonDiscriminationInput {
  @OptionalText(LIMITS.text)
  affectedGroups?: string;

  @OptionalNestedList(() => ProtectedCharacteristicInput, LIMITS.list, {
    distinctBy: ['characteristic'],
  })
  protectedCharacteristics?: ProtectedCharacteristicInput[];

  @OptionalText(LIMITS.text, 'State "none used or inferable" explicitly.')
  noProtectedCharacteristicsStatement?: string;

  @OptionalText(LIMITS.text)
  proxyVariables?: string;

  @OptionalNested(() => BiasAssessmentInput)
  biasAssessment?: BiasAssessmentInput;

  @OptionalText(LIMITS.text)
  mitigationMeasures?: string;
  @OptionalText(LIMITS.text)
  consultation?: string;

  @OptionalNested(() => AccessibilityInput)
  accessibility?: AccessibilityInput;
}
