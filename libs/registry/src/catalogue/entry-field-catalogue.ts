import { hasVisibleText } from '@insyn/errors';
import type { EntryContent } from '../entries/entry-content';
import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  ContentLanguage,
  DeploymentOperator,
  DeviceMobility,
  EntryKind,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  SensorType,
  Theme,
} from '../entries/entry-enums';
import type { Catalogue } from './field-descriptor';

const { ALGORITHM, DATASET, IOT_DEPLOYMENT } = EntryKind;

/** A dataset that holds personal data asks for the dataset's bias disclosures. */
const personalDataset = (c: EntryContent, kind: EntryKind): boolean =>
  kind === DATASET && c.personalData !== undefined && c.personalData !== PersonalDataLevel.NONE;

/** A high-risk AI system (AI Act) whose deployer is a public body: Art. 27, 49 and 71 apply. */
export const highRiskInPublicBody = (c: EntryContent, kind: EntryKind): boolean =>
  kind === ALGORITHM &&
  c.algorithm?.aiActClass === AiActClass.HIGH_RISK &&
  c.algorithm?.deployerIsPublicBody === true;

/**
 * THE field catalogue: every field of an entry's content, once, with its stable path (its place
 * in this tree, e.g. `algorithm.riskClass`), its type, whether publication needs it, whether a
 * department may withhold it, and whether lists filter or search read it. Completeness, the
 * withholdable paths, the public projection, the filter columns and the search texts are derived
 * from it; the GraphQL inputs and objects are checked against the same content type at compile
 * time. Exporters to other standards map from these paths. See shared/domain/registry-fields.md.
 */
export const ENTRY_FIELDS: Catalogue<EntryContent> = {
  title: { type: 'text', publish: true, filter: 'title' },
  summary: { type: 'text', publish: true },
  translations: {
    type: 'list',
    description: 'The title and summary in other languages than the content language (Swedish).',
    of: {
      type: 'object',
      fields: {
        language: { type: 'enum', values: ContentLanguage },
        title: { type: 'text' },
        summary: { type: 'text' },
      },
    },
  },
  description: { type: 'text', withholdable: true },
  responsibleTeam: { type: 'text', publish: true, withholdable: true, search: 'details' },
  contact: {
    type: 'object',
    withholdable: true,
    fields: { email: { type: 'email', publish: true }, phone: { type: 'phone' } },
  },
  lifecycle: {
    type: 'object',
    fields: {
      stage: { type: 'enum', values: LifecycleStage, publish: true, filter: 'lifecycleStage' },
      startDate: { type: 'date' },
      endDate: { type: 'date' },
      retirementReason: { type: 'text' },
    },
  },
  theme: { type: 'enum', values: Theme, publish: true, filter: 'theme' },
  keywords: { type: 'list', of: { type: 'text' }, distinct: true },
  geographicArea: {
    type: 'object',
    withholdable: true,
    fields: {
      cityWide: { type: 'boolean' },
      districts: { type: 'list', of: { type: 'text' }, search: 'details', distinct: true },
      geoJson: { type: 'geojson' },
    },
  },
  legalBasis: {
    type: 'list',
    publish: true,
    distinct: ['title'],
    of: {
      type: 'object',
      fields: { title: { type: 'text', search: 'disclosures' }, link: { type: 'url' } },
    },
  },
  purpose: { type: 'text', publish: true, search: 'disclosures' },
  suppliers: {
    type: 'list',
    withholdable: true,
    distinct: ['name', 'role'],
    of: {
      type: 'object',
      fields: {
        name: { type: 'text', search: 'details', fact: 'suppliers' },
        // The company registration number names the supplier as surely as its name does.
        orgNumber: { type: 'text', withheldWith: ['suppliers.name'] },
        role: { type: 'text', search: 'details' },
        procurementType: { type: 'text' },
      },
    },
  },
  impactAssessments: {
    type: 'list',
    withholdable: true,
    distinct: ['type', 'date', 'summary', 'link'],
    publish: { orElse: 'noImpactAssessmentReason', reason: 'impactAssessmentOrReason' },
    of: {
      type: 'object',
      fields: {
        type: {
          type: 'enum',
          values: ImpactAssessmentType,
          fact: 'impactAssessmentTypes',
          // A FRIA is what the AI Act asks of a high-risk system deployed by a public body.
          withheldWith: ['algorithm.aiActClass', 'algorithm.deployerIsPublicBody'],
          publish: {
            when: highRiskInPublicBody,
            filled: (types: string[]) => types.includes(ImpactAssessmentType.FRIA),
            reason: 'friaForHighRiskPublicBody',
          },
        },
        date: { type: 'date' },
        summary: { type: 'text', search: 'disclosures' },
        link: { type: 'url' },
      },
    },
  },
  noImpactAssessmentReason: {
    type: 'text',
    search: 'disclosures',
    // Given only when there is no assessment: beside withheld assessments it would say so.
    withheldWith: ['impactAssessments'],
  },
  personalData: { type: 'enum', values: PersonalDataLevel, publish: true, filter: 'personalData' },
  specialCategories: { type: 'list', withholdable: true, of: { type: 'text' }, distinct: true },
  reviewDueDate: { type: 'date', publish: true, filter: 'reviewDueDate' },
  revisionNote: { type: 'text' },
  withheld: {
    type: 'list',
    of: {
      type: 'object',
      fields: {
        field: { type: 'text' },
        legalGround: { type: 'text' },
        until: { type: 'date' },
      },
    },
  },
  principles: {
    type: 'list',
    publish: true,
    filter: 'principleCodes',
    of: {
      type: 'object',
      fields: { code: { type: 'text' }, rationale: { type: 'text', search: 'disclosures' } },
    },
  },
  accountability: {
    type: 'object',
    withholdable: true,
    fields: {
      accountableOwner: { type: 'text', publish: true, search: 'disclosures' },
      humanOversight: {
        type: 'text',
        publish: { kinds: [ALGORITHM] },
        search: 'disclosures',
      },
      appealProcess: { type: 'text', publish: { kinds: [ALGORITHM] }, search: 'disclosures' },
      dataSubjectRightsLink: { type: 'url' },
      reversible: { type: 'boolean' },
      // Says how a decision is undone, or why it cannot be: it tells `reversible`.
      reversibilityNote: {
        type: 'text',
        search: 'disclosures',
        withheldWith: ['accountability.reversible'],
      },
    },
  },
  nonDiscrimination: {
    type: 'object',
    withholdable: true,
    fields: {
      affectedGroups: { type: 'text', publish: true, search: 'disclosures' },
      protectedCharacteristics: {
        type: 'list',
        distinct: ['characteristic'],
        publish: {
          orElse: 'nonDiscrimination.noProtectedCharacteristicsStatement',
          reason: 'protectedCharacteristicsOrStatement',
        },
        of: {
          type: 'object',
          fields: {
            characteristic: { type: 'text', search: 'disclosures' },
            justification: { type: 'text', search: 'disclosures' },
          },
        },
      },
      noProtectedCharacteristicsStatement: {
        type: 'text',
        search: 'disclosures',
        withheldWith: ['nonDiscrimination.protectedCharacteristics'],
      },
      proxyVariables: { type: 'text', search: 'disclosures' },
      biasAssessment: {
        type: 'object',
        publish: { when: (c, kind) => kind === ALGORITHM || personalDataset(c, kind) },
        fields: {
          method: { type: 'text', search: 'disclosures' },
          date: { type: 'date', fact: 'biasAssessmentDate' },
          groupsCompared: { type: 'text', search: 'disclosures' },
          resultSummary: { type: 'text', search: 'disclosures' },
          link: { type: 'url' },
          performanceByGroup: { type: 'text', search: 'disclosures' },
          issuesFound: { type: 'boolean' },
        },
      },
      mitigationMeasures: {
        type: 'text',
        publish: { when: (c) => c.nonDiscrimination?.biasAssessment?.issuesFound === true },
        withheldWith: ['nonDiscrimination.biasAssessment.issuesFound'],
        search: 'disclosures',
      },
      consultation: { type: 'text', search: 'disclosures' },
      accessibility: {
        type: 'object',
        fields: {
          languages: { type: 'list', of: { type: 'text' }, distinct: true },
          nonDigitalAlternative: { type: 'text', search: 'disclosures' },
        },
      },
    },
  },
  algorithm: {
    type: 'object',
    kinds: [ALGORITHM],
    withholdable: true,
    fields: {
      decisionProcess: { type: 'text', publish: true, search: 'details' },
      impactOnPeople: {
        type: 'object',
        publish: {
          filled: (v: { affected?: string; how?: string }) =>
            [v?.affected, v?.how].some((t) => typeof t === 'string' && hasVisibleText(t)),
        },
        fields: {
          affected: { type: 'text', search: 'details' },
          how: { type: 'text', search: 'details' },
          decisionsPerYear: { type: 'int', min: 0, max: 1_000_000_000 },
        },
      },
      automationLevel: {
        type: 'enum',
        values: AutomationLevel,
        publish: true,
        fact: 'automationLevel',
      },
      algorithmType: { type: 'enum', values: AlgorithmType, publish: true, fact: 'algorithmType' },
      technicalDescription: { type: 'text', search: 'details' },
      models: {
        type: 'list',
        distinct: ['name', 'version'],
        of: {
          type: 'object',
          fields: {
            name: { type: 'text', search: 'details' },
            version: { type: 'text' },
            task: { type: 'text', search: 'details' },
            input: { type: 'text' },
            output: { type: 'text' },
            performance: { type: 'text' },
          },
        },
      },
      monitoring: {
        type: 'object',
        fields: {
          metrics: { type: 'text' },
          who: { type: 'text' },
          frequency: { type: 'text' },
        },
      },
      sourceCode: {
        type: 'object',
        fields: { link: { type: 'url' }, licence: { type: 'text' } },
      },
      riskClass: { type: 'enum', values: RiskClass, publish: true, filter: 'riskClass' },
      aiActClass: { type: 'enum', values: AiActClass, publish: true, filter: 'aiActClass' },
      deployerIsPublicBody: {
        type: 'boolean',
        description:
          'The deployer is a public body (AI Act Art. 27); stated for every high-risk AI system.',
        withheldWith: ['algorithm.aiActClass'],
        publish: {
          when: (c) => c.algorithm?.aiActClass === AiActClass.HIGH_RISK,
          reason: 'deployerIsPublicBody',
        },
      },
      euDatabaseRegistrationNumber: {
        type: 'text',
        description:
          'Registration number in the EU database of high-risk AI systems (AI Act Art. 49, 71).',
        withheldWith: ['algorithm.aiActClass', 'algorithm.deployerIsPublicBody'],
        publish: {
          when: highRiskInPublicBody,
          reason: 'euDatabaseRegistration',
        },
      },
      // The EU database lists high-risk systems: a link into it gives the AI Act class away.
      euDatabaseUrl: {
        type: 'url',
        withheldWith: ['algorithm.aiActClass', 'algorithm.deployerIsPublicBody'],
      },
      risksAndMitigations: { type: 'text', publish: true, search: 'details' },
      alternativesConsidered: { type: 'text', search: 'details' },
      audits: {
        type: 'list',
        distinct: ['auditor', 'date'],
        of: {
          type: 'object',
          fields: {
            auditor: { type: 'text' },
            date: { type: 'date' },
            scope: { type: 'text' },
            findingsSummary: { type: 'text' },
            reportLink: { type: 'url' },
          },
        },
      },
    },
  },
  dataset: {
    type: 'object',
    kinds: [DATASET],
    withholdable: true,
    fields: {
      publisher: { type: 'text', publish: true, search: 'details' },
      contactPoint: { type: 'text' },
      temporalCoverage: {
        type: 'object',
        fields: { start: { type: 'date' }, end: { type: 'date' } },
      },
      distributions: {
        type: 'list',
        distinct: ['accessUrl', 'downloadUrl', 'format'],
        of: {
          type: 'object',
          fields: {
            accessUrl: { type: 'url' },
            downloadUrl: { type: 'url' },
            format: { type: 'text' },
            licence: { type: 'text' },
          },
        },
      },
      accessRights: { type: 'enum', values: AccessRights, publish: true },
      licence: { type: 'text' },
      updateFrequency: { type: 'text' },
      collectionMethod: { type: 'text', search: 'details' },
      retentionPeriod: { type: 'text', publish: true },
      storageLocation: { type: 'text' },
      sensitiveAttributes: {
        type: 'text',
        publish: { when: personalDataset },
        search: 'details',
      },
      completenessAndRepresentativeness: {
        type: 'text',
        publish: { when: personalDataset },
        search: 'details',
      },
      knownBiases: { type: 'text', publish: { when: personalDataset }, search: 'details' },
    },
  },
  iotDeployment: {
    type: 'object',
    kinds: [IOT_DEPLOYMENT],
    withholdable: true,
    fields: {
      sensorType: {
        type: 'enum',
        values: SensorType,
        publish: true,
        search: 'details',
        fact: 'sensorType',
      },
      // The sensor type in words when it is OTHER: beside a withheld type it would tell it.
      sensorTypeOther: {
        type: 'text',
        search: 'details',
        withheldWith: ['iotDeployment.sensorType'],
      },
      technology: { type: 'text', publish: true, search: 'details' },
      measures: { type: 'text', publish: true, search: 'details' },
      locations: {
        type: 'list',
        publish: true,
        distinct: ['description', 'point', 'area'],
        of: {
          type: 'object',
          fields: {
            description: { type: 'text', search: 'details' },
            point: {
              type: 'object',
              fields: {
                lat: { type: 'number', min: -90, max: 90 },
                lon: { type: 'number', min: -180, max: 180 },
              },
            },
            area: { type: 'geojson' },
          },
        },
      },
      deviceCount: { type: 'int', publish: true, min: 1, max: 1_000_000 },
      mobility: { type: 'enum', values: DeviceMobility, publish: true },
      activeFrom: { type: 'date', publish: true },
      activeUntil: { type: 'date' },
      processing: { type: 'text', publish: true, search: 'details' },
      retentionPeriod: { type: 'text', publish: true },
      dataAccess: { type: 'text', publish: true, search: 'details' },
      operator: { type: 'enum', values: DeploymentOperator, publish: true },
      // Named when someone other than the city runs it: beside a withheld operator, it tells.
      operatorName: { type: 'text', search: 'details', withheldWith: ['iotDeployment.operator'] },
      signage: {
        type: 'object',
        fields: { onSite: { type: 'boolean' }, qrToEntry: { type: 'boolean' } },
      },
    },
  },
};
