import { EntryContent } from './entry-content';
import { EntryKind, PersonalDataLevel } from './entry-enums';

export interface Completeness {
  ready: boolean;
  /** Paths of required fields still missing, e.g. `accountability.humanOversight`. */
  missing: string[];
}

const blank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * What publication requires (column "publish" = R in shared/domain/registry-fields.md).
 * A draft may lack any of it; publishing is refused while `missing` is not empty.
 */
export function completenessOf(kind: EntryKind, content: EntryContent): Completeness {
  const missing: string[] = [];
  const need = (path: string, value: unknown) => {
    if (blank(value)) missing.push(path);
  };
  const c = content;
  need('title', c.title);
  need('summary', c.summary);
  need('responsibleTeam', c.responsibleTeam);
  need('contact.email', c.contact?.email);
  need('lifecycle.stage', c.lifecycle?.stage);
  need('theme', c.theme);
  need('legalBasis', c.legalBasis);
  need('purpose', c.purpose);
  if (blank(c.impactAssessments) && blank(c.noImpactAssessmentReason))
    missing.push('impactAssessments');
  need('personalData', c.personalData);
  need('reviewDueDate', c.reviewDueDate);
  need('principles', c.principles);

  const a = c.accountability;
  need('accountability.accountableOwner', a?.accountableOwner);
  const n = c.nonDiscrimination;
  need('nonDiscrimination.affectedGroups', n?.affectedGroups);
  if (blank(n?.protectedCharacteristics) && blank(n?.noProtectedCharacteristicsStatement)) {
    missing.push('nonDiscrimination.protectedCharacteristics');
  }
  const personalDataset =
    kind === EntryKind.DATASET &&
    c.personalData !== undefined &&
    c.personalData !== PersonalDataLevel.NONE;
  if (kind === EntryKind.ALGORITHM || personalDataset)
    need('nonDiscrimination.biasAssessment', n?.biasAssessment);
  if (n?.biasAssessment?.issuesFound)
    need('nonDiscrimination.mitigationMeasures', n.mitigationMeasures);

  if (kind === EntryKind.ALGORITHM) {
    need('accountability.humanOversight', a?.humanOversight);
    need('accountability.appealProcess', a?.appealProcess);
    const d = c.algorithm;
    need('algorithm.decisionProcess', d?.decisionProcess);
    need('algorithm.impactOnPeople', d?.impactOnPeople?.affected ?? d?.impactOnPeople?.how);
    need('algorithm.automationLevel', d?.automationLevel);
    need('algorithm.algorithmType', d?.algorithmType);
    need('algorithm.riskClass', d?.riskClass);
    need('algorithm.aiActClass', d?.aiActClass);
    need('algorithm.risksAndMitigations', d?.risksAndMitigations);
  }
  if (kind === EntryKind.DATASET) {
    const d = c.dataset;
    need('dataset.publisher', d?.publisher);
    need('dataset.accessRights', d?.accessRights);
    need('dataset.retentionPeriod', d?.retentionPeriod);
    if (personalDataset) {
      need('dataset.sensitiveAttributes', d?.sensitiveAttributes);
      need('dataset.completenessAndRepresentativeness', d?.completenessAndRepresentativeness);
      need('dataset.knownBiases', d?.knownBiases);
    }
  }
  if (kind === EntryKind.IOT_DEPLOYMENT) {
    const d = c.iotDeployment;
    need('iotDeployment.sensorType', d?.sensorType);
    need('iotDeployment.technology', d?.technology);
    need('iotDeployment.measures', d?.measures);
    need('iotDeployment.locations', d?.locations);
    need('iotDeployment.deviceCount', d?.deviceCount);
    need('iotDeployment.mobility', d?.mobility);
    need('iotDeployment.activeFrom', d?.activeFrom);
    need('iotDeployment.processing', d?.processing);
    need('iotDeployment.retentionPeriod', d?.retentionPeriod);
    need('iotDeployment.dataAccess', d?.dataAccess);
    need('iotDeployment.operator', d?.operator);
  }
  return { ready: missing.length === 0, missing };
}
