import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  isoDay,
  versionColumnsOf,
  AccessRights,
  AiActClass,
  AlgorithmType,
  AutomationLevel,
  DeploymentOperator,
  DepartmentEntity,
  DeviceMobility,
  EntryContent,
  EntryEntity,
  EntryKind,
  EntryStatus,
  EntryVersionEntity,
  ImpactAssessmentType,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  SensorType,
  Theme,
  VersionState,
} from '@insyn/registry';
import { enqueueSearchSync } from '@insyn/outbox';

/**
 * Entry factories for tests: `buildEntryContent` in memory, `create…` persisted. They write rows
 * the way the registry's services do — entry, version and a search_outbox row in one transaction —
 * until tests can go through those services. Deterministic: no random text, only ids.
 */

let sequence = 0;

/** Complete, publishable content of a kind (every field publication requires), with overrides. */
export function buildEntryContent(
  kind: EntryKind = EntryKind.ALGORITHM,
  overrides: Partial<EntryContent> = {},
): EntryContent {
  const shared: EntryContent = {
    title: 'Bedömning av bygglovsärenden',
    summary: 'Sorterar inkomna ärenden efter hur komplexa de är.',
    description: 'Ett regelbaserat stöd för handläggare.',
    responsibleTeam: 'Digital service',
    contact: { email: 'registry@city.example' },
    lifecycle: { stage: LifecycleStage.IN_USE, startDate: '2024-01-15' },
    theme: Theme.HOUSING_AND_PLANNING,
    keywords: ['handläggning'],
    legalBasis: [{ title: 'Plan- och bygglagen (2010:900)' }],
    purpose: 'Korta handläggningstiden.',
    impactAssessments: [
      { type: ImpactAssessmentType.DPIA, date: '2023-11-01', summary: 'Låg risk.' },
    ],
    personalData: PersonalDataLevel.PSEUDONYMISED,
    reviewDueDate: '2099-12-31',
    principles: [
      { code: 'TRANSPARENCY_AND_NON_DISCRIMINATION', rationale: 'Öppet redovisade regler.' },
    ],
    accountability: {
      accountableOwner: 'Enhetschef bygglov',
      humanOversight: 'En handläggare fattar varje beslut.',
      appealProcess: 'Beslut kan överklagas till länsstyrelsen.',
    },
    nonDiscrimination: {
      affectedGroups: 'Sökande av bygglov.',
      noProtectedCharacteristicsStatement: 'Inga skyddade egenskaper används.',
      biasAssessment: {
        method: 'Jämförelse av utfall per stadsdel',
        resultSummary: 'Inga skillnader funna.',
        issuesFound: false,
      },
    },
  };
  const byKind: Record<EntryKind, Partial<EntryContent>> = {
    [EntryKind.ALGORITHM]: {
      algorithm: {
        decisionProcess: 'Ärenden sorteras innan handläggning.',
        impactOnPeople: { affected: 'Sökande', how: 'Ordningen ärenden hanteras i.' },
        automationLevel: AutomationLevel.DECISION_SUPPORT,
        algorithmType: AlgorithmType.RULE_BASED,
        riskClass: RiskClass.LOW,
        aiActClass: AiActClass.NOT_AI,
        risksAndMitigations: 'Felsortering upptäcks av handläggare.',
      },
    },
    [EntryKind.DATASET]: {
      title: 'Trafikflöden',
      theme: Theme.MOBILITY_AND_TRANSPORT,
      personalData: PersonalDataLevel.NONE,
      dataset: {
        publisher: 'Trafikkontoret',
        accessRights: AccessRights.PUBLIC,
        retentionPeriod: '10 år',
      },
    },
    [EntryKind.IOT_DEPLOYMENT]: {
      title: 'Luftkvalitetsmätare',
      theme: Theme.ENVIRONMENT_AND_CLIMATE,
      personalData: PersonalDataLevel.NONE,
      iotDeployment: {
        sensorType: SensorType.AIR_QUALITY,
        technology: 'Partikelsensor',
        measures: 'PM2.5 och PM10',
        locations: [{ description: 'Centralstationen', point: { lat: 57.7089, lon: 11.9746 } }],
        deviceCount: 4,
        mobility: DeviceMobility.FIXED,
        activeFrom: '2024-03-01',
        processing: 'Medelvärden per timme, ingen identifiering.',
        retentionPeriod: '5 år',
        dataAccess: 'Miljöförvaltningen',
        operator: DeploymentOperator.CITY,
      },
    },
  };
  return structuredClone({ ...shared, ...byKind[kind], ...overrides });
}

export interface EntryFactoryOptions {
  kind?: EntryKind;
  /** Overrides of the built content (see buildEntryContent). */
  content?: Partial<EntryContent>;
  /** Department slug (created when missing), default `testforvaltningen`. */
  department?: string;
  slug?: string;
  /** When the version was published (published entries); default now. */
  publishedAt?: Date;
  /** Write the search_outbox row (default true, as the registry does for every public change). */
  enqueue?: boolean;
}

export interface CreatedEntry {
  entry: EntryEntity;
  version: EntryVersionEntity;
  department: DepartmentEntity;
}

/** A published entry (version 1, PUBLISHED) with its outbox row, in one transaction. */
export function createPublishedEntry(
  dataSource: DataSource,
  options: EntryFactoryOptions = {},
): Promise<CreatedEntry> {
  return createEntry(dataSource, options, true);
}

/** An entry that was never published (a DRAFT working version), with an outbox row by default. */
export function createDraftEntry(
  dataSource: DataSource,
  options: EntryFactoryOptions = {},
): Promise<CreatedEntry> {
  return createEntry(dataSource, options, false);
}

/**
 * Publishes a new version of a published entry: the content of the current published version
 * with `content` overrides; the previous one becomes SUPERSEDED.
 */
export async function publishNewVersion(
  dataSource: DataSource,
  entryId: string,
  content: Partial<EntryContent>,
  options: { publishedAt?: Date; enqueue?: boolean } = {},
): Promise<CreatedEntry> {
  return dataSource.transaction(async (manager) => {
    const entry = await lockEntry(manager, entryId);
    const previous = await manager.findOneByOrFail(EntryVersionEntity, {
      id: entry.publishedVersionId!,
    });
    const number = (await maxVersion(manager, entryId)) + 1;
    const at = options.publishedAt ?? new Date();
    const version = versionRow(
      entry,
      number,
      VersionState.PUBLISHED,
      { ...previous.content, ...content },
      at,
    );
    await manager.update(
      EntryVersionEntity,
      { id: previous.id },
      { state: VersionState.SUPERSEDED },
    );
    await manager.insert(EntryVersionEntity, version);
    await manager.update(
      EntryEntity,
      { id: entry.id },
      {
        version: number,
        currentVersionId: version.id,
        publishedVersionId: version.id,
        status: entry.status === EntryStatus.RETIRED ? EntryStatus.RETIRED : EntryStatus.PUBLISHED,
        lastPublishedAt: at,
      },
    );
    if (options.enqueue ?? true) await enqueueSearchSync(manager, entry.id, 'test: published');
    return reload(manager, entry.id);
  });
}

/**
 * Starts a new working draft on an entry (its published version, if any, stays what the public
 * sees). Enqueues by default: the index must not change, whatever the outbox says.
 */
export async function saveDraftVersion(
  dataSource: DataSource,
  entryId: string,
  content: Partial<EntryContent>,
  options: { enqueue?: boolean } = {},
): Promise<CreatedEntry> {
  return dataSource.transaction(async (manager) => {
    const entry = await lockEntry(manager, entryId);
    const base = await manager.findOneByOrFail(EntryVersionEntity, { id: entry.currentVersionId! });
    const number = (await maxVersion(manager, entryId)) + 1;
    const version = versionRow(
      entry,
      number,
      VersionState.DRAFT,
      { ...base.content, ...content },
      null,
    );
    await manager.insert(EntryVersionEntity, version);
    await manager.update(
      EntryEntity,
      { id: entry.id },
      {
        version: number,
        currentVersionId: version.id,
        status: entry.status === EntryStatus.RETIRED ? EntryStatus.RETIRED : EntryStatus.DRAFT,
      },
    );
    if (options.enqueue ?? true) await enqueueSearchSync(manager, entry.id, 'test: draft saved');
    return reload(manager, entry.id);
  });
}

/** Retires a published entry: it stays public, as RETIRED. */
export async function retireEntry(
  dataSource: DataSource,
  entryId: string,
  reason = 'Replaced by a newer system.',
  options: { enqueue?: boolean } = {},
): Promise<CreatedEntry> {
  return dataSource.transaction(async (manager) => {
    const entry = await lockEntry(manager, entryId);
    await manager.update(
      EntryEntity,
      { id: entry.id },
      {
        status: EntryStatus.RETIRED,
        retiredAt: new Date(),
        retirementReason: reason,
      },
    );
    if (options.enqueue ?? true) await enqueueSearchSync(manager, entry.id, 'test: retired');
    return reload(manager, entry.id);
  });
}

/** The department with this slug, created when missing. */
export async function ensureDepartment(
  manager: EntityManager,
  slug: string,
  names: { nameSv?: string; nameEn?: string } = {},
): Promise<DepartmentEntity> {
  await manager.query(
    `INSERT INTO department (slug, name_sv, name_en) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING`,
    [slug, names.nameSv ?? titleCase(slug), names.nameEn ?? `${titleCase(slug)} Department`],
  );
  return manager.findOneByOrFail(DepartmentEntity, { slug });
}

async function createEntry(
  dataSource: DataSource,
  options: EntryFactoryOptions,
  published: boolean,
): Promise<CreatedEntry> {
  const kind = options.kind ?? EntryKind.ALGORITHM;
  const content = buildEntryContent(kind, options.content);
  const n = ++sequence;
  return dataSource.transaction(async (manager) => {
    const department = await ensureDepartment(manager, options.department ?? 'testforvaltningen');
    const at = published ? (options.publishedAt ?? new Date()) : null;
    const entry: EntryEntity = Object.assign(new EntryEntity(), {
      id: randomUUID(),
      slug: options.slug ?? `${slugify(content.title)}-${n}`,
      kind,
      departmentId: department.id,
      status: published ? EntryStatus.PUBLISHED : EntryStatus.DRAFT,
      version: 1,
      currentVersionId: null,
      publishedVersionId: null,
      firstPublishedAt: at,
      lastPublishedAt: at,
      retiredAt: null,
      retirementReason: null,
    });
    await manager.insert(EntryEntity, entry);
    const version = versionRow(
      entry,
      1,
      published ? VersionState.PUBLISHED : VersionState.DRAFT,
      content,
      at,
    );
    await manager.insert(EntryVersionEntity, version);
    await manager.update(
      EntryEntity,
      { id: entry.id },
      {
        currentVersionId: version.id,
        publishedVersionId: published ? version.id : null,
      },
    );
    if (options.enqueue ?? true)
      await enqueueSearchSync(
        manager,
        entry.id,
        published ? 'test: published' : 'test: draft created',
      );
    return reload(manager, entry.id);
  });
}

function versionRow(
  entry: EntryEntity,
  number: number,
  state: VersionState,
  content: EntryContent,
  publishedAt: Date | null,
): EntryVersionEntity {
  return Object.assign(new EntryVersionEntity(), {
    id: randomUUID(),
    entryId: entry.id,
    departmentId: entry.departmentId,
    number,
    state,
    content,
    ...versionColumnsOf(content, entry.kind, isoDay(new Date())),
    changeNote: null,
    createdByLabel: 'test-factory',
    updatedByLabel: 'test-factory',
    submittedAt: null,
    submittedByTokenId: null,
    submittedByLabel: null,
    publishedAt,
    publishedByTokenId: null,
    publishedByLabel: publishedAt ? 'test-factory' : null,
  });
}

async function lockEntry(manager: EntityManager, entryId: string): Promise<EntryEntity> {
  return manager
    .getRepository(EntryEntity)
    .createQueryBuilder('entry')
    .setLock('pessimistic_write')
    .where('entry.id = :entryId', { entryId })
    .getOneOrFail();
}

async function maxVersion(manager: EntityManager, entryId: string): Promise<number> {
  const [row]: { max: number | null }[] = await manager.query(
    'SELECT max(number) AS max FROM entry_version WHERE entry_id = $1',
    [entryId],
  );
  return row?.max ?? 0;
}

async function reload(manager: EntityManager, entryId: string): Promise<CreatedEntry> {
  const entry = await manager.findOneByOrFail(EntryEntity, { id: entryId });
  const version = await manager.findOneByOrFail(EntryVersionEntity, {
    id: entry.currentVersionId!,
  });
  const department = await manager.findOneByOrFail(DepartmentEntity, { id: entry.departmentId });
  return { entry, version, department };
}

function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'entry';
}

function titleCase(slug: string): string {
  const words = slug.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
