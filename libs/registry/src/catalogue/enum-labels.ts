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
} from '../entries/entry-enums';
import { enumLabelsEn } from './enum-labels.en';
import { enumLabelsSv } from './enum-labels.sv';
import type { MessageLanguage, PlainMessage } from './publication-messages';

/**
 * The registry's enums by name: each of their values has a name in every language, the one the
 * public pages show and public search finds the entry by.
 */
export const LABELLED_ENUMS = {
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

export type EnumName = keyof typeof LABELLED_ENUMS;

/** A label for every value of every enum: a value added to an enum fails to compile until named. */
export type EnumLabels = {
  [N in EnumName]: Record<
    (typeof LABELLED_ENUMS)[N][keyof (typeof LABELLED_ENUMS)[N]] & string,
    string
  >;
};

/** The labels in each language the register speaks. */
export const ENUM_LABELS: Record<MessageLanguage, EnumLabels> = {
  sv: enumLabelsSv,
  en: enumLabelsEn,
};

const NAME_OF = new Map<object, EnumName>(
  (Object.entries(LABELLED_ENUMS) as [EnumName, object][]).map(([name, values]) => [values, name]),
);

/** The name of an enum object the catalogue refers to (undefined for an unknown one). */
export function enumNameOf(values: object): EnumName | undefined {
  return NAME_OF.get(values);
}

/** A value's label in each language, or undefined when the enum has no such value. */
export function enumValueLabel(name: EnumName, value: string): PlainMessage | undefined {
  const label = (language: MessageLanguage) => {
    const labels = ENUM_LABELS[language][name] as Record<string, string>;
    return Object.hasOwn(labels, value) ? labels[value] : undefined;
  };
  const sv = label('sv');
  const en = label('en');
  return sv !== undefined && en !== undefined ? { sv, en } : undefined;
}
