import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  DeploymentOperator,
  DeviceMobility,
  RiskClass,
  SensorType,
} from '@insyn/registry';
import { IsDateOnly, IsOnOrAfter } from '../../graphql/validation/date-only.validator';
import { IsGeoJsonArea } from '../../graphql/validation/geojson-area.validator';
import { HTTP_URL, LIMITS } from './input-limits';
import { GeoPointInput } from './shared-content.inputs';

@InputType()
export class ImpactOnPeopleInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  affected?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  how?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  decisionsPerYear?: number;
}

@InputType()
export class ModelDescriptionInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.short) name!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  version?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  task?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  input?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  output?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  performance?: string;
}

@InputType()
export class MonitoringInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  metrics?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  who?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  frequency?: string;
}

@InputType()
export class SourceCodeInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  link?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  licence?: string;
}

@InputType()
export class AuditRecordInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.short) auditor!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDateOnly() date?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  scope?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  findingsSummary?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  reportLink?: string;
}

@InputType()
export class AlgorithmDetailsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  decisionProcess?: string;
  @Field(() => ImpactOnPeopleInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImpactOnPeopleInput)
  impactOnPeople?: ImpactOnPeopleInput;
  @Field(() => AutomationLevel, { nullable: true })
  @IsOptional()
  @IsEnum(AutomationLevel)
  automationLevel?: AutomationLevel;
  @Field(() => AlgorithmType, { nullable: true })
  @IsOptional()
  @IsEnum(AlgorithmType)
  algorithmType?: AlgorithmType;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.long)
  technicalDescription?: string;
  @Field(() => [ModelDescriptionInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => ModelDescriptionInput)
  models?: ModelDescriptionInput[];
  @Field(() => MonitoringInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MonitoringInput)
  monitoring?: MonitoringInput;
  @Field(() => SourceCodeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceCodeInput)
  sourceCode?: SourceCodeInput;
  @Field(() => RiskClass, { nullable: true })
  @IsOptional()
  @IsEnum(RiskClass)
  riskClass?: RiskClass;
  @Field(() => AiActClass, { nullable: true })
  @IsOptional()
  @IsEnum(AiActClass)
  aiActClass?: AiActClass;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  euDatabaseUrl?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.long)
  risksAndMitigations?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.long)
  alternativesConsidered?: string;
  @Field(() => [AuditRecordInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => AuditRecordInput)
  audits?: AuditRecordInput[];
}

@InputType()
export class TemporalCoverageInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsDateOnly() start?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsDateOnly()
  @IsOnOrAfter('start')
  end?: string;
}

@InputType()
export class DistributionInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  accessUrl?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(HTTP_URL)
  @MaxLength(LIMITS.url)
  downloadUrl?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(60) format?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  licence?: string;
}

@InputType()
export class DatasetDetailsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  publisher?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  contactPoint?: string;
  @Field(() => TemporalCoverageInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemporalCoverageInput)
  temporalCoverage?: TemporalCoverageInput;
  @Field(() => [DistributionInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.list)
  @ValidateNested({ each: true })
  @Type(() => DistributionInput)
  distributions?: DistributionInput[];
  @Field(() => AccessRights, { nullable: true })
  @IsOptional()
  @IsEnum(AccessRights)
  accessRights?: AccessRights;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  licence?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  updateFrequency?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  collectionMethod?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  retentionPeriod?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  storageLocation?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  sensitiveAttributes?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  completenessAndRepresentativeness?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  knownBiases?: string;
}

@InputType()
export class DeploymentLocationInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(LIMITS.short * 2) description!: string;
  @Field(() => GeoPointInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointInput)
  point?: GeoPointInput;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'GeoJSON Polygon or MultiPolygon (WGS 84).',
  })
  @IsOptional()
  @IsGeoJsonArea()
  area?: Record<string, unknown>;
}

@InputType()
export class SignageInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() onSite?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() qrToEntry?: boolean;
}

@InputType()
export class IotDeploymentDetailsInput {
  @Field(() => SensorType, { nullable: true })
  @IsOptional()
  @IsEnum(SensorType)
  sensorType?: SensorType;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  sensorTypeOther?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  technology?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  measures?: string;
  @Field(() => [DeploymentLocationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.locations)
  @ValidateNested({ each: true })
  @Type(() => DeploymentLocationInput)
  locations?: DeploymentLocationInput[];
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  deviceCount?: number;
  @Field(() => DeviceMobility, { nullable: true })
  @IsOptional()
  @IsEnum(DeviceMobility)
  mobility?: DeviceMobility;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDateOnly() activeFrom?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsDateOnly()
  @IsOnOrAfter('activeFrom')
  activeUntil?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  processing?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  retentionPeriod?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  dataAccess?: string;
  @Field(() => DeploymentOperator, { nullable: true })
  @IsOptional()
  @IsEnum(DeploymentOperator)
  operator?: DeploymentOperator;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.short)
  operatorName?: string;
  @Field(() => SignageInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignageInput)
  signage?: SignageInput;
}
