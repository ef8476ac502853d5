import {
  AccessRights,
  DeploymentOperator,
  DeviceMobility,
  EntryContent,
  EntryKind,
  ImpactAssessmentType,
  publicContent,
  SensorType,
} from '@insyn/registry';
import { buildEntryContent } from '@insyn/testing';
import type { ExportEntry } from '../src/export/export-entry';
import type { StandardsSettings } from '../src/standards-settings';

export const SETTINGS: StandardsSettings = {
  publicUrl: 'https://insyn.stad.example.se',
  organisationName: 'Exempelstad',
};

let n = 0;

/** An ExportEntry of the kind, as the public sees it (projected), from complete content. */
export function exportEntry(
  kind: EntryKind,
  overrides: Partial<EntryContent> = {},
  day = '2025-06-01',
): ExportEntry {
  n += 1;
  const content = buildEntryContent(kind, overrides);
  const slug = `entry-${n}`;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    slug,
    kind,
    url: `${SETTINGS.publicUrl}/entries/${slug}`,
    status: 'PUBLISHED',
    version: 2,
    department: { slug: 'trafikkontoret', nameSv: 'Trafikkontoret', nameEn: 'Transport Office' },
    firstPublishedAt: new Date('2025-01-10T09:00:00Z'),
    publishedAt: new Date('2025-03-01T09:00:00Z'),
    retiredAt: null,
    retirementReason: null,
    changeNote: 'Second version',
    content: publicContent(content, kind, day),
    relations: [],
  };
}

/** Every field an algorithm can hold, filled. */
export const FULL_ALGORITHM: Partial<EntryContent> = {
  contact: { email: 'digital@stad.example.se', phone: '+46 8 508 000 00' },
  geographicArea: { districts: ['Södermalm', 'Kungsholmen'] },
  legalBasis: [
    { title: 'Socialtjänstlagen (2001:453) 4 kap. 1 §', link: 'https://www.riksdagen.se/sol' },
    { title: 'Förvaltningslagen (2017:900)' },
  ],
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
      summary: 'Privacy risks assessed.',
      link: 'https://stad.example.se/dpia/1',
    },
    {
      type: ImpactAssessmentType.FRIA,
      summary: 'Rights assessed.',
      link: 'https://stad.example.se/fria/1',
    },
  ],
  keywords: ['AI', 'försörjningsstöd'],
  revisionNote: 'Yearly revision',
  accountability: {
    accountableOwner: 'Head of the social services unit',
    humanOversight: 'A case worker reviews every recommendation.',
    appealProcess: 'Decisions can be appealed to the administrative court.',
    reversible: true,
    reversibilityNote: 'A case worker can overturn any recommendation.',
  },
};

export function fullAlgorithm(overrides: Partial<EntryContent> = {}): ExportEntry {
  const base = buildEntryContent(EntryKind.ALGORITHM);
  return exportEntry(EntryKind.ALGORITHM, {
    ...FULL_ALGORITHM,
    algorithm: {
      ...base.algorithm,
      technicalDescription: 'Gradient-boosted trees on application data.',
      impactOnPeople: { affected: 'Applicants', how: 'Order of handling', decisionsPerYear: 12000 },
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
      monitoring: { metrics: 'AUC', who: 'Data team', frequency: 'quarterly' },
      sourceCode: { link: 'https://git.stad.example.se/triage', licence: 'EUPL-1.2' },
      alternativesConsidered: 'Manual handling.',
    },
    ...overrides,
  });
}

export function fullDataset(overrides: Partial<EntryContent> = {}): ExportEntry {
  return exportEntry(EntryKind.DATASET, {
    contact: { email: 'data@stad.example.se' },
    keywords: ['trafik'],
    geographicArea: { cityWide: true },
    dataset: {
      publisher: 'Trafikkontoret',
      accessRights: AccessRights.PUBLIC,
      retentionPeriod: '10 år',
      licence: 'CC-BY-4.0',
      updateFrequency: 'monthly',
      collectionMethod: 'Loop detectors in the road',
      temporalCoverage: { start: '2019-01-01', end: '2024-12-31' },
      distributions: [
        {
          accessUrl: 'https://data.stad.example.se/flows',
          downloadUrl: 'https://data.stad.example.se/flows.csv',
          format: 'CSV',
        },
      ],
    },
    ...overrides,
  });
}

export function fullIotDeployment(overrides: Partial<EntryContent> = {}): ExportEntry {
  return exportEntry(EntryKind.IOT_DEPLOYMENT, {
    iotDeployment: {
      sensorType: SensorType.CAMERA,
      technology: 'Camera with on-device counting',
      measures: 'Pedestrians per minute',
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
      processing: 'Images are processed on the device and discarded; only counts leave it.',
      retentionPeriod: 'Counts: 2 years',
      dataAccess: 'Traffic analysts',
      operator: DeploymentOperator.VENDOR,
      operatorName: 'CountCo AB',
    },
    ...overrides,
  });
}
