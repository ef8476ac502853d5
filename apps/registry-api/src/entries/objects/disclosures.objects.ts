import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Accountability', {
  description: 'Who answers for the system and how people can object.',
})
export class AccountabilityObject {
  @Field(() => String, { nullable: true, description: 'A role, e.g. head of unit.' })
  accountableOwner?: string;
  @Field(() => String, { nullable: true }) humanOversight?: string;
  @Field(() => String, { nullable: true }) appealProcess?: string;
  @Field(() => String, { nullable: true }) dataSubjectRightsLink?: string;
  @Field(() => Boolean, { nullable: true }) reversible?: boolean;
  @Field(() => String, { nullable: true }) reversibilityNote?: string;
}

@ObjectType('ProtectedCharacteristic')
export class ProtectedCharacteristicObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' })
  characteristic?: string;
  @Field(() => String, { nullable: true, description: 'Null while withheld.' })
  justification?: string;
}

@ObjectType('BiasAssessment')
export class BiasAssessmentObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' }) method?: string;
  @Field(() => String, { nullable: true }) date?: string;
  @Field(() => String, { nullable: true }) groupsCompared?: string;
  @Field(() => String, { nullable: true, description: 'Null while withheld.' })
  resultSummary?: string;
  @Field(() => String, { nullable: true }) link?: string;
  @Field(() => String, { nullable: true }) performanceByGroup?: string;
  @Field(() => Boolean, { nullable: true, description: 'Null while withheld.' })
  issuesFound?: boolean;
}

@ObjectType('Accessibility')
export class AccessibilityObject {
  @Field(() => [String], { nullable: true }) languages?: string[];
  @Field(() => String, { nullable: true }) nonDigitalAlternative?: string;
}

@ObjectType('NonDiscrimination', {
  description: 'Who is affected and how unfair effects are assessed and mitigated.',
})
export class NonDiscriminationObject {
  @Field(() => String, { nullable: true }) affectedGroups?: string;
  @Field(() => [ProtectedCharacteristicObject], { nullable: true })
  protectedCharacteristics?: ProtectedCharacteristicObject[];
  @Field(() => String, { nullable: true }) noProtectedCharacteristicsStatement?: string;
  @Field(() => String, { nullable: true }) proxyVariables?: string;
  @Field(() => BiasAssessmentObject, { nullable: true }) biasAssessment?: BiasAssessmentObject;
  @Field(() => String, { nullable: true }) mitigationMeasures?: string;
  @Field(() => String, { nullable: true }) consultation?: string;
  @Field(() => AccessibilityObject, { nullable: true }) accessibility?: AccessibilityObject;
}
