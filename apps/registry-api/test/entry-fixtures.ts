import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  DeploymentOperator,
  DeviceMobility,
  EntryContentPatch,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  SensorType,
  Theme,
} from '@insyn/registry';
import { daysFromToday } from '@insyn/testing';

/**
 * The fixtures' review date and withholding end, counted from the real today: always to come,
 * so an entry built from them is neither overdue nor refused (`until` already past) on whatever
 * day the suite runs.
 */
export const FIXTURE_REVIEW_DUE = daysFromToday(365);
export const FIXTURE_WITHHELD_UNTIL = daysFromToday(2 * 365);

/** Complete inputs for each kind (every field filled), valid GraphQL inputs and valid content. */
export function fullCore(title: string): EntryContentPatch {
  return {
    title,
    summary: `${title}: a plain-language summary of what it does and why.`,
    description: 'A longer description of the system, how it works and where it is used.',
    responsibleTeam: 'Team Digital Services',
    contact: { email: 'digital@stad.example.se', phone: '+46 8 508 000 00' },
    lifecycle: {
      stage: LifecycleStage.IN_USE,
      startDate: '2024-01-15',
      endDate: '2027-12-31',
      retirementReason: null,
    },
    theme: Theme.SOCIAL_SERVICES,
    keywords: ['AI', 'försörjningsstöd', 'risk'],
    geographicArea: {
      cityWide: false,
      districts: ['Södermalm', 'Kungsholmen'],
      geoJson: {
        type: 'Polygon',
        coordinates: [
          [
            [18.06, 59.31],
            [18.09, 59.31],
            [18.09, 59.33],
            [18.06, 59.31],
          ],
        ],
      },
    },
    legalBasis: [
      {
        title: 'Socialtjänstlagen (2001:453) 4 kap. 1 §',
        link: 'https://www.riksdagen.se/sv/dokument-och-lagar/',
      },
    ],
    purpose: 'To decide on financial assistance fairly and quickly.',
    suppliers: [
      {
        name: 'Acme Analytics AB',
        orgNumber: '556000-0000',
        role: 'Developer',
        procurementType: 'Open procedure',
      },
    ],
    impactAssessments: [
      {
        type: ImpactAssessmentType.DPIA,
        date: '2024-01-10',
        summary: 'Risks to privacy were assessed.',
        link: 'https://stad.example.se/dpia/1',
      },
    ],
    noImpactAssessmentReason: null,
    personalData: PersonalDataLevel.PERSONAL,
    specialCategories: ['health'],
    reviewDueDate: FIXTURE_REVIEW_DUE,
    revisionNote: 'Yearly revision',
    withheld: [
      {
        field: 'suppliers.orgNumber',
        legalGround: 'OSL 31:16 (business secret)',
        until: FIXTURE_WITHHELD_UNTIL,
      },
    ],
    principles: [
      {
        code: 'TRANSPARENCY_AND_NON_DISCRIMINATION',
        rationale: 'Affects residents in vulnerable situations.',
      },
      { code: 'PRIVACY_AND_SECURITY', rationale: 'Processes personal data.' },
    ],
    accountability: {
      accountableOwner: 'Head of the social services unit',
      humanOversight: 'A case worker reviews every recommendation.',
      appealProcess: 'Decisions can be appealed to the administrative court.',
      dataSubjectRightsLink: 'https://stad.example.se/gdpr',
      reversible: true,
      reversibilityNote: 'A case worker can overturn any recommendation.',
    },
    nonDiscrimination: {
      affectedGroups: 'Applicants for financial assistance',
      protectedCharacteristics: [
        { characteristic: 'age', justification: 'Age determines eligibility rules.' },
      ],
      noProtectedCharacteristicsStatement: null,
      proxyVariables: 'Postcode may act as a proxy for ethnicity.',
      biasAssessment: {
        method: 'Disparate impact ratio across groups',
        date: '2024-02-01',
        groupsCompared: 'age bands, gender',
        resultSummary: 'Small differences by age band.',
        link: 'https://stad.example.se/bias/1',
        performanceByGroup: 'Precision 0.91–0.94 across groups',
        issuesFound: true,
      },
      mitigationMeasures: 'Thresholds adjusted per age band; quarterly monitoring.',
      consultation: 'Residents’ panel and two external experts.',
      accessibility: {
        languages: ['sv', 'en', 'ar'],
        nonDigitalAlternative: 'Apply in person at a service office.',
      },
    },
  };
}

export function fullAlgorithmInput(
  title = 'Risk triage for financial assistance',
): EntryContentPatch {
  return {
    ...fullCore(title),
    algorithm: {
      decisionProcess: 'Orders applications for review; a case worker decides.',
      impactOnPeople: { affected: 'Applicants', how: 'Order of handling', decisionsPerYear: 12000 },
      automationLevel: AutomationLevel.DECISION_SUPPORT,
      algorithmType: AlgorithmType.MACHINE_LEARNING,
      technicalDescription: 'Gradient-boosted trees on application data.',
      models: [
        {
          name: 'triage-gbt',
          version: '2.1',
          task: 'ranking',
          input: 'application',
          output: 'score',
          performance: 'AUC 0.82',
        },
      ],
      monitoring: { metrics: 'AUC, disparate impact', who: 'Data team', frequency: 'quarterly' },
      sourceCode: { link: 'https://git.stad.example.se/triage', licence: 'EUPL-1.2' },
      riskClass: RiskClass.HIGH,
      aiActClass: AiActClass.HIGH_RISK,
      // Deployed by a public body: the FRIA and registration rule is tested in entries-workflow.
      deployerIsPublicBody: false,
      euDatabaseRegistrationNumber: null,
      euDatabaseUrl: 'https://ec.europa.eu/ai-database/123',
      risksAndMitigations: 'Risk of unequal treatment; mitigated by human review.',
      alternativesConsidered: 'Manual first-come-first-served handling.',
      audits: [
        {
          auditor: 'City internal audit',
          date: '2024-06-01',
          scope: 'fairness',
          findingsSummary: 'No major issues',
          reportLink: 'https://stad.example.se/audit/1',
        },
      ],
    },
  };
}

export function fullDatasetInput(title = 'Financial assistance applications'): EntryContentPatch {
  return {
    ...fullCore(title),
    dataset: {
      publisher: 'Socialförvaltningen',
      contactPoint: 'data@stad.example.se',
      temporalCoverage: { start: '2019-01-01', end: '2024-12-31' },
      distributions: [
        {
          accessUrl: 'https://data.stad.example.se/fa',
          downloadUrl: 'https://data.stad.example.se/fa.csv',
          format: 'CSV',
          licence: 'CC-BY-4.0',
        },
      ],
      accessRights: AccessRights.RESTRICTED,
      licence: 'CC-BY-4.0',
      updateFrequency: 'monthly',
      collectionMethod: 'Application forms',
      retentionPeriod: '5 years',
      storageLocation: 'City data centre, Stockholm',
      sensitiveAttributes: 'Age, household composition',
      completenessAndRepresentativeness: 'All applications since 2019.',
      knownBiases: 'Under-represents people who apply on paper.',
    },
  };
}

export function fullIotInput(title = 'Pedestrian counting cameras'): EntryContentPatch {
  return {
    ...fullCore(title),
    theme: Theme.MOBILITY_AND_TRANSPORT,
    iotDeployment: {
      sensorType: SensorType.CAMERA,
      sensorTypeOther: null,
      technology: 'Camera with on-device counting',
      measures: 'Number of pedestrians per minute',
      locations: [
        { description: 'Götgatan 1', point: { lat: 59.3186, lon: 18.0717 } },
        {
          description: 'Medborgarplatsen',
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [18.07, 59.31],
                [18.08, 59.31],
                [18.08, 59.32],
                [18.07, 59.31],
              ],
            ],
          },
        },
      ],
      deviceCount: 12,
      mobility: DeviceMobility.FIXED,
      activeFrom: '2024-03-01',
      activeUntil: '2026-03-01',
      processing: 'Images are processed on the device and discarded; only counts leave it.',
      retentionPeriod: 'Counts: 2 years; images: none',
      dataAccess: 'Traffic department analysts',
      operator: DeploymentOperator.VENDOR,
      operatorName: 'CountCo AB',
      signage: { onSite: true, qrToEntry: true },
    },
  };
}

/** Every content field of an entry, for read-back comparisons. */
export const ENTRY_CONTENT_FIELDS = `
  title summary description responsibleTeam
  contact { email phone }
  lifecycle { stage startDate endDate retirementReason }
  theme keywords
  geographicArea { cityWide districts geoJson }
  legalBasis { title link } purpose
  suppliers { name orgNumber role procurementType }
  impactAssessments { type date summary link } noImpactAssessmentReason
  personalData specialCategories reviewDueDate revisionNote
  withheld { field legalGround until }
  principles { principle { code } rationale }
  accountability { accountableOwner humanOversight appealProcess dataSubjectRightsLink reversible reversibilityNote }
  nonDiscrimination {
    affectedGroups protectedCharacteristics { characteristic justification } noProtectedCharacteristicsStatement proxyVariables
    biasAssessment { method date groupsCompared resultSummary link performanceByGroup issuesFound }
    mitigationMeasures consultation accessibility { languages nonDigitalAlternative }
  }
  ... on Algorithm { algorithm {
    decisionProcess impactOnPeople { affected how decisionsPerYear } automationLevel algorithmType technicalDescription
    models { name version task input output performance } monitoring { metrics who frequency } sourceCode { link licence }
    riskClass aiActClass deployerIsPublicBody euDatabaseRegistrationNumber euDatabaseUrl risksAndMitigations alternativesConsidered
    audits { auditor date scope findingsSummary reportLink }
  } }
  ... on Dataset { dataset {
    publisher contactPoint temporalCoverage { start end }
    distributions { accessUrl downloadUrl format licence } accessRights licence updateFrequency collectionMethod
    retentionPeriod storageLocation sensitiveAttributes completenessAndRepresentativeness knownBiases
  } }
  ... on IotDeployment { iotDeployment {
    sensorType sensorTypeOther technology measures
    locations { description point { lat lon } area } deviceCount mobility activeFrom activeUntil processing
    retentionPeriod dataAccess operator operatorName signage { onSite qrToEntry }
  } }
`;

/** The shape the API returns for a full input: principles nested, nulls for unset optional fields. */
export function expectedReadBack(input: Record<string, any>): Record<string, any> {
  const { principles, ...rest } = input;
  const iot = rest.iotDeployment;
  return {
    ...rest,
    // A location given without a point or an area reads back with null there.
    ...(iot
      ? {
          iotDeployment: {
            ...iot,
            locations: iot.locations.map((l: object) => ({ point: null, area: null, ...l })),
          },
        }
      : {}),
    principles: principles.map((p: any) => ({
      principle: { code: p.code },
      rationale: p.rationale,
    })),
  };
}
