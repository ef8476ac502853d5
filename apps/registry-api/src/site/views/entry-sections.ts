import { CATALOGUE_FIELDS, CatalogueField } from '@insyn/registry';

/** The sections of the entry page, in reading order. */
export type EntrySectionId =
  | 'about'
  | 'responsible'
  | 'legal'
  | 'data'
  | 'details'
  | 'oversight'
  | 'nonDiscrimination'
  | 'risks';

/**
 * Where the catalogue's fields go on the entry page. A path claims its field and everything
 * below it, except what a longer path claims for another section: `algorithm` puts the
 * algorithm's details under "How it works", `algorithm.riskClass` moves that one to "Risks".
 * A field added to the catalogue shows up in the section of its nearest listed ancestor; a new
 * root must be listed here (a unit test checks that every field has a place).
 */
export const ENTRY_SECTIONS: { id: EntrySectionId; paths: string[] }[] = [
  {
    id: 'about',
    paths: [
      'summary',
      'description',
      'purpose',
      'theme',
      'keywords',
      'lifecycle',
      'geographicArea',
      'revisionNote',
    ],
  },
  {
    id: 'responsible',
    paths: [
      'responsibleTeam',
      'accountability.accountableOwner',
      'contact',
      'suppliers',
      'dataset.publisher',
      'dataset.contactPoint',
      'iotDeployment.operator',
      'iotDeployment.operatorName',
    ],
  },
  { id: 'legal', paths: ['legalBasis'] },
  {
    id: 'data',
    paths: [
      'personalData',
      'specialCategories',
      'impactAssessments',
      'noImpactAssessmentReason',
      'dataset.accessRights',
      'dataset.sensitiveAttributes',
      'dataset.retentionPeriod',
      'dataset.storageLocation',
      'iotDeployment.processing',
      'iotDeployment.retentionPeriod',
      'iotDeployment.dataAccess',
    ],
  },
  { id: 'details', paths: ['algorithm', 'dataset', 'iotDeployment'] },
  { id: 'oversight', paths: ['accountability'] },
  {
    id: 'nonDiscrimination',
    paths: [
      'nonDiscrimination',
      'dataset.knownBiases',
      'dataset.completenessAndRepresentativeness',
    ],
  },
  {
    id: 'risks',
    paths: [
      'algorithm.riskClass',
      'algorithm.aiActClass',
      'algorithm.deployerIsPublicBody',
      'algorithm.euDatabaseRegistrationNumber',
      'algorithm.euDatabaseUrl',
      'algorithm.risksAndMitigations',
      'algorithm.alternativesConsidered',
      'algorithm.audits',
    ],
  },
];

/** Fields the entry page shows in places of their own (heading, principles, withheld, review). */
export const SHOWN_ELSEWHERE = new Set([
  'title',
  'translations',
  'principles',
  'withheld',
  'reviewDueDate',
]);

const SECTION_OF_PATH = new Map<string, EntrySectionId>(
  ENTRY_SECTIONS.flatMap(({ id, paths }) => paths.map((path) => [path, id] as const)),
);

/** The section a catalogue path is shown in (its nearest listed ancestor's), if any. */
export function sectionOf(path: string): EntrySectionId | undefined {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const section = SECTION_OF_PATH.get(keys.slice(0, n).join('.'));
    if (section) return section;
  }
  return undefined;
}

const parentOf = (path: string): string | undefined =>
  path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : undefined;

/**
 * The fields a section renders at its top level, in catalogue order: those of the section whose
 * parent is in another section (or that have none). Each is rendered with what is below it,
 * less what other sections claim.
 */
export const SECTION_FIELDS: ReadonlyMap<EntrySectionId, CatalogueField[]> = new Map(
  ENTRY_SECTIONS.map(({ id }) => [
    id,
    CATALOGUE_FIELDS.filter((f) => {
      if (sectionOf(f.path) !== id || SHOWN_ELSEWHERE.has(f.path)) return false;
      const parent = parentOf(f.path);
      return parent === undefined || sectionOf(parent) !== id;
    }),
  ]),
);
