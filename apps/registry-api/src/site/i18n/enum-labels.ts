import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  ContentLanguage,
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

/** The registry's enums by name: the site names each of their values in every language. */
export const ENUMS = {
  EntryKind,
  EntryStatus,
  LifecycleStage,
  Theme,
  ImpactAssessmentType,
  PersonalDataLevel,
  AutomationLevel,
  AlgorithmType,
  RiskClass,
  AiActClass,
  AccessRights,
  SensorType,
  DeviceMobility,
  DeploymentOperator,
  ContentLanguage,
  RelationType,
} as const;

export type EnumName = keyof typeof ENUMS;

/** A label for every value of every enum: a value added to an enum fails to compile until named. */
export type EnumLabels = {
  [N in EnumName]: Record<(typeof ENUMS)[N][keyof (typeof ENUMS)[N]] & string, string>;
};

const NAME_OF = new Map<object, EnumName>(
  (Object.entries(ENUMS) as [EnumName, object][]).map(([name, values]) => [values, name]),
);

/** The name of an enum object the catalogue refers to (undefined for an unknown one). */
export function enumNameOf(values: object): EnumName | undefined {
  return NAME_OF.get(values);
}
