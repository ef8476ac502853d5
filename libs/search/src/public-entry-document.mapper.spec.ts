import {
  AiActClass,
  AlgorithmType,
  CATALOGUE_FIELDS,
  ContentLanguage,
  DepartmentEntity,
  EntryContent,
  EntryEntity,
  EntryKind,
  EntryStatus,
  EntryVersionEntity,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  PrincipleEntity,
  RiskClass,
  Theme,
  VersionState,
} from '@insyn/registry';
import { PublicEntryDocument, PublicEntryStatus } from './public-entry-document';
import { NotPublicError, toPublicEntryDocument } from './public-entry-document.mapper';
import { ENUM_FIELDS } from './public-value-labels';
import { swedishSortKey } from './swedish-sort-key';

const department = Object.assign(new DepartmentEntity(), {
  id: '11111111-1111-4111-8111-111111111111',
  slug: 'trafikkontoret',
  nameSv: 'Trafikkontoret',
  nameEn: 'Transport Office',
  createdAt: new Date('2024-01-01T00:00:00Z'),
});

const principles: PrincipleEntity[] = [
  { code: 'ACCESS_AND_LITERACY', position: 1, titleEn: 'Access', titleSv: 'Tillgång' },
  { code: 'PRIVACY_AND_SECURITY', position: 2, titleEn: 'Privacy', titleSv: 'Integritet' },
  { code: 'TRANSPARENCY_AND_NON_DISCRIMINATION', position: 3, titleEn: 'T', titleSv: 'T' },
];

const content: EntryContent = {
  title: 'Parkeringskamera',
  summary: 'Räknar lediga platser',
  description: 'Kameror vid infarter',
  responsibleTeam: 'Trafikteamet',
  contact: { email: 'team@city.example', phone: '+46 31 000 00 00' },
  lifecycle: { stage: LifecycleStage.IN_USE },
  theme: Theme.MOBILITY_AND_TRANSPORT,
  keywords: ['parkering', 'kamera'],
  purpose: 'Minska söktrafik',
  personalData: PersonalDataLevel.PSEUDONYMISED,
  reviewDueDate: '2025-06-30',
  suppliers: [{ name: 'Acme AB', orgNumber: '556000-SECRETORG' }],
  principles: [
    { code: 'PRIVACY_AND_SECURITY', rationale: 'Bilder raderas direkt' },
    { code: 'NOT_A_PRINCIPLE', rationale: 'x' },
  ],
  accountability: {
    accountableOwner: 'Enhetschef',
    humanOversight: 'Operatör granskar',
    appealProcess: 'Kontakta staden',
  },
  nonDiscrimination: {
    affectedGroups: 'Bilister',
    proxyVariables: 'WITHHELDPROXYTEXT',
  },
  algorithm: {
    decisionProcess: 'Visar lediga platser',
    riskClass: RiskClass.MEDIUM,
    aiActClass: AiActClass.LIMITED,
    sourceCode: { link: 'https://git.example/SECRETREPO', licence: 'EUPL-1.2' },
    technicalDescription: 'WITHHELDTECHTEXT',
  },
  withheld: [
    { field: 'algorithm.sourceCode', legalGround: 'OSL 18:8' },
    { field: 'algorithm.technicalDescription', legalGround: 'OSL 18:8' },
    { field: 'nonDiscrimination.proxyVariables', legalGround: 'OSL 18:8' },
    { field: 'suppliers.orgNumber', legalGround: 'OSL 31:16' },
  ],
};

function fixture(
  overrides: { entry?: Partial<EntryEntity>; version?: Partial<EntryVersionEntity> } = {},
) {
  const version = Object.assign(new EntryVersionEntity(), {
    id: '22222222-2222-4222-8222-222222222222',
    entryId: '33333333-3333-4333-8333-333333333333',
    departmentId: department.id,
    number: 3,
    state: VersionState.PUBLISHED,
    content,
    // Filter columns hold UNPROJECTED values: the mapper must not read them.
    title: 'COLUMN TITLE',
    riskClass: RiskClass.HIGH,
    aiActClass: AiActClass.HIGH_RISK,
    principleCodes: ['ACCESS_AND_LITERACY'],
    createdByLabel: 'SECRET-CREATOR-LABEL',
    updatedByLabel: 'SECRET-UPDATER-LABEL',
    publishedByLabel: 'SECRET-PUBLISHER-LABEL',
    publishedByTokenId: '44444444-4444-4444-8444-444444444444',
    changeNote: 'SECRET internal change note',
    publishedAt: new Date('2025-01-10T10:00:00Z'),
    ...overrides.version,
  });
  const entry = Object.assign(new EntryEntity(), {
    id: '33333333-3333-4333-8333-333333333333',
    slug: 'parkeringskamera',
    kind: EntryKind.ALGORITHM,
    departmentId: department.id,
    status: EntryStatus.PUBLISHED,
    version: 4,
    currentVersionId: '55555555-5555-4555-8555-555555555555',
    publishedVersionId: version.id,
    firstPublishedAt: new Date('2024-05-01T08:00:00Z'),
    lastPublishedAt: new Date('2025-01-10T10:00:00Z'),
    retiredAt: null,
    retirementReason: null,
    ...overrides.entry,
  });
  return { entry, version, department, principles };
}

const now = new Date('2025-03-01T12:00:00Z');

describe('toPublicEntryDocument', () => {
  it('maps a published entry to exactly the public document fields', () => {
    const document = toPublicEntryDocument(fixture(), now);
    expect(Object.keys(document).sort()).toEqual(
      (
        [
          'id',
          'slug',
          'kind',
          'version',
          'title',
          'titleSortKey',
          'summary',
          'translations',
          'description',
          'keywords',
          'departmentId',
          'departmentSlug',
          'departmentNameSv',
          'departmentNameEn',
          'principleCodes',
          'lifecycle',
          'status',
          'riskClass',
          'aiActClass',
          'personalData',
          'theme',
          'reviewDueDate',
          'reviewOverdue',
          'hasOpenConcerns',
          'disclosures',
          'details',
          'valueLabels',
          'compoundParts',
          'publishedAt',
          'firstPublishedAt',
          'updatedAt',
          'retiredAt',
          'syncHash',
        ] satisfies (keyof PublicEntryDocument)[]
      ).sort(),
    );
    expect(document).toMatchObject({
      id: '33333333-3333-4333-8333-333333333333',
      slug: 'parkeringskamera',
      kind: EntryKind.ALGORITHM,
      version: 3,
      title: 'Parkeringskamera',
      titleSortKey: swedishSortKey('Parkeringskamera'),
      summary: 'Räknar lediga platser',
      departmentSlug: 'trafikkontoret',
      departmentNameEn: 'Transport Office',
      lifecycle: LifecycleStage.IN_USE,
      status: PublicEntryStatus.PUBLISHED,
      riskClass: RiskClass.MEDIUM,
      aiActClass: AiActClass.LIMITED,
      theme: Theme.MOBILITY_AND_TRANSPORT,
      personalData: PersonalDataLevel.PSEUDONYMISED,
      reviewDueDate: '2025-06-30',
      reviewOverdue: false,
      hasOpenConcerns: false,
      publishedAt: Date.parse('2025-01-10T10:00:00Z'),
      firstPublishedAt: Date.parse('2024-05-01T08:00:00Z'),
      retiredAt: null,
    });
    expect(document.disclosures).toEqual(
      expect.arrayContaining([
        'Minska söktrafik',
        'Operatör granskar',
        'Bilister',
        'Bilder raderas direkt',
      ]),
    );
    expect(document.details).toEqual(expect.arrayContaining(['Visar lediga platser', 'Acme AB']));
  });

  it('splits the Swedish compounds of what the entry is, so that a part finds it', () => {
    const document = toPublicEntryDocument(
      fixture({
        version: {
          content: {
            ...content,
            keywords: ['trafiksäkerhet', 'kamera'],
            description: 'Kameror vid infarter och busshållplatser',
            purpose: 'Minska söktrafik med ansiktsigenkänning',
            translations: [
              { language: ContentLanguage.en, title: 'Skolskjuts camera', summary: 'Cameras' },
            ],
          },
        },
      }),
      now,
    );
    // Title, then summary, keywords, description; a translation or a disclosure is not split.
    expect(document.compoundParts).toEqual([
      'parkerings',
      'kamera',
      'trafik',
      'säkerhet',
      'buss',
      'hållplatser',
    ]);
  });

  it('reads the published content, not the version filter columns', () => {
    const document = toPublicEntryDocument(fixture(), now);
    expect(document.title).toBe('Parkeringskamera');
    expect(document.riskClass).toBe(RiskClass.MEDIUM);
    // Only linked codes that exist in the catalogue, in catalogue order.
    expect(document.principleCodes).toEqual(['PRIVACY_AND_SECURITY']);
  });

  it('leaves out withheld fields, internal labels, token ids, change notes and contact details', () => {
    const json = JSON.stringify(toPublicEntryDocument(fixture(), now));
    for (const secret of [
      'SECRETREPO',
      'WITHHELDTECHTEXT',
      'WITHHELDPROXYTEXT',
      'SECRETORG',
      'SECRET-CREATOR-LABEL',
      'SECRET-UPDATER-LABEL',
      'SECRET-PUBLISHER-LABEL',
      '44444444-4444-4444-8444-444444444444',
      'SECRET internal change note',
      'team@city.example',
      '+46 31',
      '55555555-5555-4555-8555-555555555555',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('withholds filterable values too: a withheld risk class is not in the document', () => {
    const withheldRisk: EntryContent = {
      ...content,
      withheld: [{ field: 'algorithm.riskClass', legalGround: 'OSL 18:8' }],
    };
    const document = toPublicEntryDocument(fixture({ version: { content: withheldRisk } }), now);
    expect(document.riskClass).toBeNull();
    expect(document.aiActClass).toBe(AiActClass.LIMITED);
  });

  it('names its public values as the pages do, in Swedish and English, not the filter columns', () => {
    const document = toPublicEntryDocument(fixture(), now);
    expect(document.valueLabels).toEqual([
      'Algoritm',
      'Algorithm',
      'Publicerad',
      'Published',
      'Används',
      'In use',
      'Trafik och resor',
      'Mobility and transport',
      'Pseudonymiserade (namn och nummer ersatta med koder)',
      'Pseudonymised (names and numbers replaced by codes)',
      'Medelhög risk',
      'Medium risk',
      'Begränsad risk enligt AI-förordningen',
      'Limited risk under the AI Act',
    ]);
    // The version's columns say HIGH and HIGH_RISK (unprojected): never named.
    expect(document.valueLabels).not.toContain('Hög risk');
    const retired = toPublicEntryDocument(
      fixture({ entry: { status: EntryStatus.RETIRED, retiredAt: new Date('2025-02-01') } }),
      now,
    );
    expect(retired.valueLabels).toEqual(expect.arrayContaining(['Avvecklad', 'Retired']));
    expect(retired.valueLabels).not.toContain('Published');
    // Retired, its stage is RETIRED (its content still says IN_USE): "används" does not find it,
    // nor does the stage filter "in use".
    expect(document.lifecycle).toBe(LifecycleStage.IN_USE);
    expect(retired.lifecycle).toBe(LifecycleStage.RETIRED);
    expect(retired.valueLabels).not.toContain('Används');
  });

  it('names no withheld value, nor one withheld along with another', () => {
    const withAssessment: EntryContent = {
      ...content,
      algorithm: {
        ...content.algorithm!,
        algorithmType: AlgorithmType.MACHINE_LEARNING,
        riskClass: RiskClass.HIGH,
        aiActClass: AiActClass.HIGH_RISK,
      },
      impactAssessments: [{ type: ImpactAssessmentType.FRIA }, { type: ImpactAssessmentType.DPIA }],
    };
    const shown = toPublicEntryDocument(fixture({ version: { content: withAssessment } }), now);
    expect(shown.valueLabels).toEqual(
      expect.arrayContaining([
        'Maskininlärning (lär sig av data)',
        'Machine learning (learns from data)',
        'Hög risk',
        'High risk',
        'Hög risk enligt AI-förordningen',
        'FRIA – bedömning av påverkan på grundläggande rättigheter',
        'DPIA – data protection impact assessment (GDPR)',
      ]),
    );

    const riskWithheld = toPublicEntryDocument(
      fixture({
        version: {
          content: {
            ...withAssessment,
            withheld: [{ field: 'algorithm.riskClass', legalGround: 'OSL 18:8' }],
          },
        },
      }),
      now,
    );
    expect(riskWithheld.valueLabels).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(Hög risk|High risk)$/)]),
    );
    expect(riskWithheld.valueLabels).toContain('Machine learning (learns from data)');

    // The AI Act class withheld takes the assessments' types along (a FRIA would tell it).
    const classWithheld = toPublicEntryDocument(
      fixture({
        version: {
          content: {
            ...withAssessment,
            withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }],
          },
        },
      }),
      now,
    );
    expect(
      classWithheld.valueLabels.filter((l) => /AI-förordningen|AI Act|FRIA|DPIA/.test(l)),
    ).toEqual([]);

    const algorithmWithheld = toPublicEntryDocument(
      fixture({
        version: {
          content: {
            ...withAssessment,
            withheld: [{ field: 'algorithm', legalGround: 'OSL 18:8' }],
          },
        },
      }),
      now,
    );
    expect(algorithmWithheld.valueLabels.filter((l) => /risk|learning|inlärning/i.test(l))).toEqual(
      [],
    );
  });

  it('leaves unnamed the values whose names say what the entry is not, and a translation’s language', () => {
    const negative: EntryContent = {
      ...content,
      personalData: PersonalDataLevel.NONE,
      lifecycle: { stage: LifecycleStage.RETIRED },
      algorithm: { ...content.algorithm!, aiActClass: AiActClass.NOT_AI },
      translations: [{ language: ContentLanguage.en, title: 'Parking camera', summary: 'Counts' }],
    };
    const { valueLabels } = toPublicEntryDocument(fixture({ version: { content: negative } }), now);
    for (const label of [
      'Inga personuppgifter',
      'No personal data',
      'Används inte längre',
      'No longer used',
      'Inte AI enligt AI-förordningen',
      'Not AI under the AI Act',
      'engelska',
      'English',
    ])
      expect(valueLabels).not.toContain(label);
    expect(valueLabels).toContain('Medium risk');
  });

  it('knows the name of every enum field of the catalogue', () => {
    const enumFields = CATALOGUE_FIELDS.filter(
      ({ field }) => field.type === 'enum' || (field.type === 'list' && field.of.type === 'enum'),
    );
    expect(ENUM_FIELDS.map((f) => f.path)).toEqual(enumFields.map((f) => f.path));
  });

  it('refuses anything that is not the published version', () => {
    expect(() =>
      toPublicEntryDocument(fixture({ entry: { publishedVersionId: null } }), now),
    ).toThrow(NotPublicError);
    expect(() =>
      toPublicEntryDocument(fixture({ version: { state: VersionState.DRAFT } }), now),
    ).toThrow(NotPublicError);
    expect(() =>
      toPublicEntryDocument(
        fixture({ entry: { publishedVersionId: '66666666-6666-4666-8666-666666666666' } }),
        now,
      ),
    ).toThrow(NotPublicError);
    const other = Object.assign(new DepartmentEntity(), {
      ...department,
      id: '77777777-7777-4777-8777-777777777777',
    });
    expect(() => toPublicEntryDocument({ ...fixture(), department: other }, now)).toThrow(
      NotPublicError,
    );
  });

  it('marks retired entries RETIRED, dated, and never review-overdue', () => {
    const retiredAt = new Date('2025-02-01T09:00:00Z');
    const document = toPublicEntryDocument(
      fixture({ entry: { status: EntryStatus.RETIRED, retiredAt } }),
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(document.status).toBe(PublicEntryStatus.RETIRED);
    expect(document.retiredAt).toBe(retiredAt.getTime());
    expect(document.updatedAt).toBe(retiredAt.getTime());
    expect(document.reviewOverdue).toBe(false);
  });

  it('counts a published entry whose working copy is a draft as PUBLISHED', () => {
    const document = toPublicEntryDocument(fixture({ entry: { status: EntryStatus.DRAFT } }), now);
    expect(document.status).toBe(PublicEntryStatus.PUBLISHED);
  });

  it('says whether residents’ concerns wait for an answer (what the reader found)', () => {
    expect(toPublicEntryDocument(fixture(), now).hasOpenConcerns).toBe(false);
    const open = toPublicEntryDocument({ ...fixture(), hasOpenConcerns: true }, now);
    expect(open.hasOpenConcerns).toBe(true);
    expect(open.syncHash).not.toBe(toPublicEntryDocument(fixture(), now).syncHash);
  });

  it('flags the review as overdue once its date has passed', () => {
    expect(toPublicEntryDocument(fixture(), new Date('2025-06-30T12:00:00Z')).reviewOverdue).toBe(
      false,
    );
    expect(toPublicEntryDocument(fixture(), new Date('2025-07-01T00:00:01Z')).reviewOverdue).toBe(
      true,
    );
  });

  it('gives equal input the same digest and any public change another one', () => {
    const a = toPublicEntryDocument(fixture(), now);
    expect(toPublicEntryDocument(fixture(), now).syncHash).toBe(a.syncHash);
    const renamed = {
      ...fixture(),
      department: Object.assign(new DepartmentEntity(), { ...department, nameEn: 'Traffic' }),
    };
    expect(toPublicEntryDocument(renamed, now).syncHash).not.toBe(a.syncHash);
  });

  it('strips control characters (the highlighter uses two as markers)', () => {
    const dirty = { ...content, title: 'Park\u0002ering\u0003s\u0000kamera' };
    expect(toPublicEntryDocument(fixture({ version: { content: dirty } }), now).title).toBe(
      'Parkeringskamera',
    );
  });

  it('does not alter the stored content', () => {
    const input = fixture();
    toPublicEntryDocument(input, now);
    expect(input.version.content.algorithm?.sourceCode?.link).toBe(
      'https://git.example/SECRETREPO',
    );
  });
});
