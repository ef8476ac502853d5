import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  ContentLanguage,
  DeploymentOperator,
  DeviceMobility,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  SensorType,
  Theme,
} from './entry-enums';

/**
 * What one version of a registry entry says: the shared core, the accountability and
 * non-discrimination disclosures, and the details of its kind. Stored as one JSON document per
 * version (immutable once published), so history, "as of" and diffs read whole versions.
 * Dates are ISO `YYYY-MM-DD` strings. Every field may be missing in a draft; `completeness`
 * says which the publication needs.
 */
export interface EntryContent {
  title: string;
  summary?: string;
  /** The title and summary in other languages than the content's own (at most one per language). */
  translations?: ContentTranslation[];
  description?: string;
  responsibleTeam?: string;
  contact?: Contact;
  lifecycle?: Lifecycle;
  theme?: Theme;
  keywords?: string[];
  geographicArea?: GeographicArea;
  legalBasis?: LegalBasis[];
  purpose?: string;
  suppliers?: Supplier[];
  impactAssessments?: ImpactAssessment[];
  noImpactAssessmentReason?: string;
  personalData?: PersonalDataLevel;
  specialCategories?: string[];
  reviewDueDate?: string;
  revisionNote?: string;
  withheld?: WithheldInformation[];
  principles?: PrincipleLink[];
  accountability?: Accountability;
  nonDiscrimination?: NonDiscrimination;
  algorithm?: AlgorithmDetails;
  dataset?: DatasetDetails;
  iotDeployment?: IotDeploymentDetails;
}

/** The title and summary of an entry in another language than its content's own. */
export interface ContentTranslation {
  language: ContentLanguage;
  title?: string;
  summary?: string;
}

export interface Contact {
  email?: string;
  phone?: string;
}

export interface Lifecycle {
  stage?: LifecycleStage;
  startDate?: string;
  endDate?: string;
  retirementReason?: string;
}

export interface GeographicArea {
  cityWide?: boolean;
  districts?: string[];
  /** A GeoJSON Polygon or MultiPolygon. */
  geoJson?: GeoJsonGeometry;
}

export interface GeoJsonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface LegalBasis {
  title: string;
  link?: string;
}

export interface Supplier {
  name: string;
  orgNumber?: string;
  role?: string;
  procurementType?: string;
}

export interface ImpactAssessment {
  type: ImpactAssessmentType;
  date?: string;
  summary?: string;
  link?: string;
}

export interface WithheldInformation {
  /** Path of the withheld field, e.g. `algorithm.sourceCode`. */
  field: string;
  legalGround: string;
  until?: string;
}

export interface PrincipleLink {
  code: string;
  rationale: string;
}

export interface Accountability {
  accountableOwner?: string;
  humanOversight?: string;
  appealProcess?: string;
  dataSubjectRightsLink?: string;
  reversible?: boolean;
  reversibilityNote?: string;
}

export interface NonDiscrimination {
  affectedGroups?: string;
  protectedCharacteristics?: ProtectedCharacteristic[];
  /** "None used or inferable", stated explicitly instead of an empty list. */
  noProtectedCharacteristicsStatement?: string;
  proxyVariables?: string;
  biasAssessment?: BiasAssessment;
  mitigationMeasures?: string;
  consultation?: string;
  accessibility?: Accessibility;
}

export interface ProtectedCharacteristic {
  characteristic: string;
  justification: string;
}

export interface BiasAssessment {
  method: string;
  date?: string;
  groupsCompared?: string;
  resultSummary: string;
  link?: string;
  performanceByGroup?: string;
  issuesFound: boolean;
}

export interface Accessibility {
  languages?: string[];
  nonDigitalAlternative?: string;
}

export interface AlgorithmDetails {
  decisionProcess?: string;
  impactOnPeople?: ImpactOnPeople;
  automationLevel?: AutomationLevel;
  algorithmType?: AlgorithmType;
  technicalDescription?: string;
  models?: ModelDescription[];
  monitoring?: Monitoring;
  sourceCode?: SourceCode;
  riskClass?: RiskClass;
  aiActClass?: AiActClass;
  /**
   * The deployer is a public body (AI Act Art. 27): a high-risk system then needs a FRIA and
   * its EU database registration number before publication.
   */
  deployerIsPublicBody?: boolean;
  /** Registration number in the EU database of high-risk AI systems (AI Act Art. 49, 71). */
  euDatabaseRegistrationNumber?: string;
  euDatabaseUrl?: string;
  risksAndMitigations?: string;
  alternativesConsidered?: string;
  audits?: AuditRecord[];
}

export interface ImpactOnPeople {
  affected?: string;
  how?: string;
  decisionsPerYear?: number;
}

export interface ModelDescription {
  name: string;
  version?: string;
  task?: string;
  input?: string;
  output?: string;
  performance?: string;
}

export interface Monitoring {
  metrics?: string;
  who?: string;
  frequency?: string;
}

export interface SourceCode {
  link?: string;
  licence?: string;
}

export interface AuditRecord {
  auditor: string;
  date?: string;
  scope?: string;
  findingsSummary?: string;
  reportLink?: string;
}

export interface DatasetDetails {
  publisher?: string;
  contactPoint?: string;
  temporalCoverage?: { start?: string; end?: string };
  distributions?: Distribution[];
  accessRights?: AccessRights;
  licence?: string;
  updateFrequency?: string;
  collectionMethod?: string;
  retentionPeriod?: string;
  storageLocation?: string;
  sensitiveAttributes?: string;
  completenessAndRepresentativeness?: string;
  knownBiases?: string;
}

export interface Distribution {
  accessUrl?: string;
  downloadUrl?: string;
  format?: string;
  licence?: string;
}

export interface IotDeploymentDetails {
  sensorType?: SensorType;
  sensorTypeOther?: string;
  technology?: string;
  measures?: string;
  locations?: DeploymentLocation[];
  deviceCount?: number;
  mobility?: DeviceMobility;
  activeFrom?: string;
  activeUntil?: string;
  processing?: string;
  retentionPeriod?: string;
  dataAccess?: string;
  operator?: DeploymentOperator;
  operatorName?: string;
  signage?: { onSite?: boolean; qrToEntry?: boolean };
}

export interface DeploymentLocation {
  description: string;
  point?: { lat: number; lon: number };
  area?: GeoJsonGeometry;
}
