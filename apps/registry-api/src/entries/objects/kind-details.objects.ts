import { Field, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../../graphql/scalars/json-object.scalar';
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
import { GeoPointObject } from './shared-content.objects';

@ObjectType('ImpactOnPeople')
export class ImpactOnPeopleObject {
  @Field(() => String, { nullable: true }) affected?: string;
  @Field(() => String, { nullable: true }) how?: string;
  @Field(() => Int, { nullable: true }) decisionsPerYear?: number;
}

@ObjectType('ModelDescription')
export class ModelDescriptionObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' }) name?: string;
  @Field(() => String, { nullable: true }) version?: string;
  @Field(() => String, { nullable: true }) task?: string;
  @Field(() => String, { nullable: true }) input?: string;
  @Field(() => String, { nullable: true }) output?: string;
  @Field(() => String, { nullable: true }) performance?: string;
}

@ObjectType('Monitoring')
export class MonitoringObject {
  @Field(() => String, { nullable: true }) metrics?: string;
  @Field(() => String, { nullable: true }) who?: string;
  @Field(() => String, { nullable: true }) frequency?: string;
}

@ObjectType('SourceCode')
export class SourceCodeObject {
  @Field(() => String, { nullable: true }) link?: string;
  @Field(() => String, { nullable: true }) licence?: string;
}

@ObjectType('AuditRecord', { description: 'An external or internal audit of the algorithm.' })
export class AuditRecordObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' }) auditor?: string;
  @Field(() => String, { nullable: true }) date?: string;
  @Field(() => String, { nullable: true }) scope?: string;
  @Field(() => String, { nullable: true }) findingsSummary?: string;
  @Field(() => String, { nullable: true }) reportLink?: string;
}

@ObjectType('AlgorithmDetails')
export class AlgorithmDetailsObject {
  @Field(() => String, { nullable: true }) decisionProcess?: string;
  @Field(() => ImpactOnPeopleObject, { nullable: true }) impactOnPeople?: ImpactOnPeopleObject;
  @Field(() => AutomationLevel, { nullable: true }) automationLevel?: AutomationLevel;
  @Field(() => AlgorithmType, { nullable: true }) algorithmType?: AlgorithmType;
  @Field(() => String, { nullable: true }) technicalDescription?: string;
  @Field(() => [ModelDescriptionObject], { nullable: true }) models?: ModelDescriptionObject[];
  @Field(() => MonitoringObject, { nullable: true }) monitoring?: MonitoringObject;
  @Field(() => SourceCodeObject, { nullable: true }) sourceCode?: SourceCodeObject;
  @Field(() => RiskClass, { nullable: true }) riskClass?: RiskClass;
  @Field(() => AiActClass, { nullable: true }) aiActClass?: AiActClass;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The deployer is a public body (AI Act Art. 27).',
  })
  deployerIsPublicBody?: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Registration number in the EU database of high-risk AI systems (AI Act Art. 49, 71).',
  })
  euDatabaseRegistrationNumber?: string;
  @Field(() => String, { nullable: true }) euDatabaseUrl?: string;
  @Field(() => String, { nullable: true }) risksAndMitigations?: string;
  @Field(() => String, { nullable: true }) alternativesConsidered?: string;
  @Field(() => [AuditRecordObject], { nullable: true }) audits?: AuditRecordObject[];
}

@ObjectType('TemporalCoverage')
export class TemporalCoverageObject {
  @Field(() => String, { nullable: true }) start?: string;
  @Field(() => String, { nullable: true }) end?: string;
}

@ObjectType('Distribution', { description: 'A DCAT-AP distribution of a dataset.' })
export class DistributionObject {
  @Field(() => String, { nullable: true }) accessUrl?: string;
  @Field(() => String, { nullable: true }) downloadUrl?: string;
  @Field(() => String, { nullable: true }) format?: string;
  @Field(() => String, { nullable: true }) licence?: string;
}

@ObjectType('DatasetDetails')
export class DatasetDetailsObject {
  @Field(() => String, { nullable: true }) publisher?: string;
  @Field(() => String, { nullable: true }) contactPoint?: string;
  @Field(() => TemporalCoverageObject, { nullable: true })
  temporalCoverage?: TemporalCoverageObject;
  @Field(() => [DistributionObject], { nullable: true }) distributions?: DistributionObject[];
  @Field(() => AccessRights, { nullable: true }) accessRights?: AccessRights;
  @Field(() => String, { nullable: true }) licence?: string;
  @Field(() => String, { nullable: true }) updateFrequency?: string;
  @Field(() => String, { nullable: true }) collectionMethod?: string;
  @Field(() => String, { nullable: true }) retentionPeriod?: string;
  @Field(() => String, { nullable: true }) storageLocation?: string;
  @Field(() => String, { nullable: true }) sensitiveAttributes?: string;
  @Field(() => String, { nullable: true }) completenessAndRepresentativeness?: string;
  @Field(() => String, { nullable: true }) knownBiases?: string;
}

@ObjectType('DeploymentLocation')
export class DeploymentLocationObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' })
  description?: string;
  @Field(() => GeoPointObject, { nullable: true }) point?: GeoPointObject;
  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'GeoJSON Polygon or MultiPolygon.',
  })
  area?: Record<string, unknown>;
}

@ObjectType('Signage')
export class SignageObject {
  @Field(() => Boolean, { nullable: true }) onSite?: boolean;
  @Field(() => Boolean, { nullable: true }) qrToEntry?: boolean;
}

@ObjectType('IotDeploymentDetails')
export class IotDeploymentDetailsObject {
  @Field(() => SensorType, { nullable: true }) sensorType?: SensorType;
  @Field(() => String, { nullable: true }) sensorTypeOther?: string;
  @Field(() => String, { nullable: true }) technology?: string;
  @Field(() => String, { nullable: true }) measures?: string;
  @Field(() => [DeploymentLocationObject], { nullable: true })
  locations?: DeploymentLocationObject[];
  @Field(() => Int, { nullable: true }) deviceCount?: number;
  @Field(() => DeviceMobility, { nullable: true }) mobility?: DeviceMobility;
  @Field(() => String, { nullable: true }) activeFrom?: string;
  @Field(() => String, { nullable: true }) activeUntil?: string;
  @Field(() => String, { nullable: true, description: 'On-device aggregation, de-identification.' })
  processing?: string;
  @Field(() => String, { nullable: true }) retentionPeriod?: string;
  @Field(() => String, { nullable: true }) dataAccess?: string;
  @Field(() => DeploymentOperator, { nullable: true }) operator?: DeploymentOperator;
  @Field(() => String, { nullable: true }) operatorName?: string;
  @Field(() => SignageObject, { nullable: true }) signage?: SignageObject;
}
