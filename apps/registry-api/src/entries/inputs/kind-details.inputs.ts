import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { JsonObjectScalar } from '../../graphql/scalars/json-object.scalar';
import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  DeploymentOperator,
  DeviceMobility,
  GeoJsonGeometry,
  RiskClass,
  SensorType,
} from '@insyn/registry';
import {
  OptionalInt,
  OptionalText,
  OptionalUrl,
  RequiredText,
  OptionalDate,
  OptionalEnum,
  OptionalNested,
  OptionalNestedList,
} from '../../graphql/validation/input-fields';
import { IsOnOrAfter } from '../../graphql/validation/date-only.validator';
import {
  GEOJSON_AREA_DESCRIPTION,
  IsGeoJsonArea,
} from '../../graphql/validation/geojson-area.validator';
import { LIMITS } from './input-limits';
import { GeoPointInput } from './shared-content.inputs';

@InputType()
export class ImpactOnPeopleInput {
  @OptionalText(LIMITS.text)
  affected?: string;
  @OptionalText(LIMITS.text)
  how?: string;
  @OptionalInt(0, 1_000_000_000)
  decisionsPerYear?: number;
}

@InputType()
export class ModelDescriptionInput {
  @RequiredText(LIMITS.short) name!: string;
  @OptionalText(60)
  version?: string;
  @OptionalText(LIMITS.text)
  task?: string;
  @OptionalText(LIMITS.text)
  input?: string;
  @OptionalText(LIMITS.text)
  output?: string;
  @OptionalText(LIMITS.text)
  performance?: string;
}

@InputType()
export class MonitoringInput {
  @OptionalText(LIMITS.text)
  metrics?: string;
  @OptionalText(LIMITS.short)
  who?: string;
  @OptionalText(LIMITS.short)
  frequency?: string;
}

@InputType()
export class SourceCodeInput {
  @OptionalUrl()
  link?: string;
  @OptionalText(100)
  licence?: string;
}

@InputType()
export class AuditRecordInput {
  @RequiredText(LIMITS.short) auditor!: string;
  @OptionalDate() date?: string;
  @OptionalText(LIMITS.text)
  scope?: string;
  @OptionalText(LIMITS.text)
  findingsSummary?: string;
  @OptionalUrl()
  reportLink?: string;
}

@InputType()
export class AlgorithmDetailsInput {
  @OptionalText(LIMITS.text)
  decisionProcess?: string;
  @OptionalNested(() => ImpactOnPeopleInput)
  impactOnPeople?: ImpactOnPeopleInput;
  @OptionalEnum(AutomationLevel)
  automationLevel?: AutomationLevel;
  @OptionalEnum(AlgorithmType)
  algorithmType?: AlgorithmType;
  @OptionalText(LIMITS.long)
  technicalDescription?: string;
  @OptionalNestedList(() => ModelDescriptionInput, LIMITS.list, {
    distinctBy: ['name', 'version'],
  })
  models?: ModelDescriptionInput[];
  @OptionalNested(() => MonitoringInput)
  monitoring?: MonitoringInput;
  @OptionalNested(() => SourceCodeInput)
  sourceCode?: SourceCodeInput;
  @OptionalEnum(RiskClass)
  riskClass?: RiskClass;
  @OptionalEnum(AiActClass)
  aiActClass?: AiActClass;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The deployer is a public body (AI Act Art. 27); a high-risk system must say so before publication.',
  })
  @IsOptional()
  @IsBoolean()
  deployerIsPublicBody?: boolean;
  @OptionalText(LIMITS.short)
  euDatabaseRegistrationNumber?: string;
  @OptionalUrl()
  euDatabaseUrl?: string;
  @OptionalText(LIMITS.long)
  risksAndMitigations?: string;
  @OptionalText(LIMITS.long)
  alternativesConsidered?: string;
  @OptionalNestedList(() => AuditRecordInput, LIMITS.list, { distinctBy: ['auditor', 'date'] })
  audits?: AuditRecordInput[];
}

@InputType()
export class TemporalCoverageInput {
  @OptionalDate() start?: string;
  @OptionalDate()
  @IsOnOrAfter('start')
  end?: string;
}

@InputType()
export class DistributionInput {
  @OptionalUrl()
  accessUrl?: string;
  @OptionalUrl()
  downloadUrl?: string;
  @OptionalText(60) format?: string;
  @OptionalText(100)
  licence?: string;
}

@InputType()
export class DatasetDetailsInput {
  @OptionalText(LIMITS.short)
  publisher?: string;
  @OptionalText(LIMITS.short)
  contactPoint?: string;
  @OptionalNested(() => TemporalCoverageInput)
  temporalCoverage?: TemporalCoverageInput;
  @OptionalNestedList(() => DistributionInput, LIMITS.list, {
    distinctBy: ['accessUrl', 'downloadUrl', 'format'],
  })
  distributions?: DistributionInput[];
  @OptionalEnum(AccessRights)
  accessRights?: AccessRights;
  @OptionalText(100)
  licence?: string;
  @OptionalText(LIMITS.short)
  updateFrequency?: string;
  @OptionalText(LIMITS.text)
  collectionMethod?: string;
  @OptionalText(LIMITS.short)
  retentionPeriod?: string;
  @OptionalText(LIMITS.short)
  storageLocation?: string;
  @OptionalText(LIMITS.text)
  sensitiveAttributes?: string;
  @OptionalText(LIMITS.text)
  completenessAndRepresentativeness?: string;
  @OptionalText(LIMITS.text)
  knownBiases?: string;
}

@InputType()
export class DeploymentLocationInput {
  @RequiredText(LIMITS.short * 2) description!: string;
  @OptionalNested(() => GeoPointInput)
  point?: GeoPointInput;
  @Field(() => JsonObjectScalar, { nullable: true, description: GEOJSON_AREA_DESCRIPTION })
  @IsOptional()
  @IsGeoJsonArea()
  area?: GeoJsonGeometry;
}

@InputType()
export class SignageInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() onSite?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() qrToEntry?: boolean;
}

@InputType()
export class IotDeploymentDetailsInput {
  @OptionalEnum(SensorType)
  sensorType?: SensorType;
  @OptionalText(LIMITS.short)
  sensorTypeOther?: string;
  @OptionalText(LIMITS.short)
  technology?: string;
  @OptionalText(LIMITS.text)
  measures?: string;
  @OptionalNestedList(() => DeploymentLocationInput, LIMITS.locations, {
    distinctBy: ['description', 'point', 'area'],
  })
  locations?: DeploymentLocationInput[];
  @OptionalInt(1, 1_000_000)
  deviceCount?: number;
  @OptionalEnum(DeviceMobility)
  mobility?: DeviceMobility;
  @OptionalDate() activeFrom?: string;
  @OptionalDate()
  @IsOnOrAfter('activeFrom')
  activeUntil?: string;
  @OptionalText(LIMITS.text)
  processing?: string;
  @OptionalText(LIMITS.short)
  retentionPeriod?: string;
  @OptionalText(LIMITS.text)
  dataAccess?: string;
  @OptionalEnum(DeploymentOperator)
  operator?: DeploymentOperator;
  @OptionalText(LIMITS.short)
  operatorName?: string;
  @OptionalNested(() => SignageInput)
  signage?: SignageInput;
}
