/** Controlled vocabularies of a registry entry (docs: shared/domain/registry-fields.md). */

/**
 * Languages an entry's title and summary may be written in. The content itself is written in the
 * registry's content language (`PRIMARY_CONTENT_LANGUAGE`); `translations` add the others. A new
 * language (Finnish is next) is one more member here and one more set of interface messages.
 */
export enum ContentLanguage {
  sv = 'sv',
  en = 'en',
}

/** The language an entry's content is written in (its translations add others). */
export const PRIMARY_CONTENT_LANGUAGE = ContentLanguage.sv;

export enum EntryKind {
  ALGORITHM = 'ALGORITHM',
  DATASET = 'DATASET',
  IOT_DEPLOYMENT = 'IOT_DEPLOYMENT',
}

/** Where an entry stands in the publication workflow. */
export enum EntryStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}

export enum LifecycleStage {
  PLANNED = 'PLANNED',
  DEVELOPMENT = 'DEVELOPMENT',
  PILOT = 'PILOT',
  IN_USE = 'IN_USE',
  RETIRED = 'RETIRED',
}

/** Controlled theme list (after the Dutch register's categories and DCAT-AP data themes). */
export enum Theme {
  SOCIAL_SERVICES = 'SOCIAL_SERVICES',
  HEALTH_AND_CARE = 'HEALTH_AND_CARE',
  EDUCATION = 'EDUCATION',
  MOBILITY_AND_TRANSPORT = 'MOBILITY_AND_TRANSPORT',
  ENVIRONMENT_AND_CLIMATE = 'ENVIRONMENT_AND_CLIMATE',
  PUBLIC_SAFETY = 'PUBLIC_SAFETY',
  HOUSING_AND_PLANNING = 'HOUSING_AND_PLANNING',
  ECONOMY_AND_WORK = 'ECONOMY_AND_WORK',
  CULTURE_AND_LEISURE = 'CULTURE_AND_LEISURE',
  GOVERNMENT_AND_ADMINISTRATION = 'GOVERNMENT_AND_ADMINISTRATION',
  TAXES_AND_FINANCE = 'TAXES_AND_FINANCE',
  OTHER = 'OTHER',
}

export enum ImpactAssessmentType {
  DPIA = 'DPIA',
  FRIA = 'FRIA',
  AIA = 'AIA',
  EQIA = 'EQIA',
  OTHER = 'OTHER',
}

export enum PersonalDataLevel {
  NONE = 'NONE',
  PSEUDONYMISED = 'PSEUDONYMISED',
  PERSONAL = 'PERSONAL',
}

export enum RelationType {
  USES_DATASET = 'USES_DATASET',
  FED_BY_DEPLOYMENT = 'FED_BY_DEPLOYMENT',
  PRODUCES_DATASET = 'PRODUCES_DATASET',
  PART_OF = 'PART_OF',
}

export enum AutomationLevel {
  INFORMATIONAL = 'INFORMATIONAL',
  DECISION_SUPPORT = 'DECISION_SUPPORT',
  HUMAN_CONFIRMS = 'HUMAN_CONFIRMS',
  FULLY_AUTOMATED = 'FULLY_AUTOMATED',
}

export enum AlgorithmType {
  RULE_BASED = 'RULE_BASED',
  MACHINE_LEARNING = 'MACHINE_LEARNING',
  HYBRID = 'HYBRID',
  GENERATIVE_OFF_THE_SHELF = 'GENERATIVE_OFF_THE_SHELF',
}

export enum RiskClass {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum AiActClass {
  PROHIBITED = 'PROHIBITED',
  HIGH_RISK = 'HIGH_RISK',
  LIMITED = 'LIMITED',
  MINIMAL = 'MINIMAL',
  NOT_AI = 'NOT_AI',
}

export enum AccessRights {
  PUBLIC = 'PUBLIC',
  RESTRICTED = 'RESTRICTED',
  NON_PUBLIC = 'NON_PUBLIC',
}

/** Sensor types (IoT register + DTPR technology), OTHER with a free-text name. */
export enum SensorType {
  CAMERA = 'CAMERA',
  IDENTIFIABLE_VIDEO = 'IDENTIFIABLE_VIDEO',
  WIFI_COUNTER = 'WIFI_COUNTER',
  BLUETOOTH_COUNTER = 'BLUETOOTH_COUNTER',
  LIDAR = 'LIDAR',
  AIR_QUALITY = 'AIR_QUALITY',
  NOISE = 'NOISE',
  TRAFFIC_COUNTER = 'TRAFFIC_COUNTER',
  LICENSE_PLATE_RECOGNITION = 'LICENSE_PLATE_RECOGNITION',
  SMART_METER = 'SMART_METER',
  WEATHER = 'WEATHER',
  OTHER = 'OTHER',
}

export enum DeviceMobility {
  FIXED = 'FIXED',
  MOBILE = 'MOBILE',
}

export enum DeploymentOperator {
  CITY = 'CITY',
  VENDOR = 'VENDOR',
}
