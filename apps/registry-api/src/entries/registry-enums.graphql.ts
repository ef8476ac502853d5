import { registerEnumType } from '@nestjs/graphql';
import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  DeploymentOperator,
  DeviceMobility,
  EntryKind,
  EntryStatus,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RelationType,
  RiskClass,
  SensorType,
  Theme,
} from '@insyn/registry';

/** The registry's vocabularies as GraphQL enums (names are part of the public contract). */
registerEnumType(EntryKind, { name: 'EntryKind' });
registerEnumType(EntryStatus, {
  name: 'EntryStatus',
  description: 'Where an entry stands in the publication workflow.',
});
registerEnumType(LifecycleStage, { name: 'LifecycleStage' });
registerEnumType(Theme, { name: 'Theme' });
registerEnumType(ImpactAssessmentType, { name: 'ImpactAssessmentType' });
registerEnumType(PersonalDataLevel, { name: 'PersonalDataLevel' });
registerEnumType(RelationType, { name: 'RelationType' });
registerEnumType(AutomationLevel, { name: 'AutomationLevel' });
registerEnumType(AlgorithmType, { name: 'AlgorithmType' });
registerEnumType(RiskClass, { name: 'RiskClass' });
registerEnumType(AiActClass, { name: 'AiActClass', description: 'EU AI Act classification.' });
registerEnumType(AccessRights, { name: 'AccessRights' });
registerEnumType(SensorType, { name: 'SensorType' });
registerEnumType(DeviceMobility, { name: 'DeviceMobility' });
registerEnumType(DeploymentOperator, { name: 'DeploymentOperator' });

/** The principle codes, fixed by migration. */
export enum PrincipleCode {
  ACCESS_AND_LITERACY = 'ACCESS_AND_LITERACY',
  PRIVACY_AND_SECURITY = 'PRIVACY_AND_SECURITY',
  TRANSPARENCY_AND_NON_DISCRIMINATION = 'TRANSPARENCY_AND_NON_DISCRIMINATION',
  PARTICIPATION_AND_INCLUSION = 'PARTICIPATION_AND_INCLUSION',
  OPEN_ETHICAL_STANDARDS = 'OPEN_ETHICAL_STANDARDS',
}
registerEnumType(PrincipleCode, { name: 'PrincipleCode' });
