import { createHash } from 'node:crypto';
import {
  DepartmentEntity,
  EntryEntity,
  EntryStatus,
  EntryVersionEntity,
  LifecycleStage,
  PrincipleEntity,
  publicEntryView,
  searchTextsOf,
  VersionState,
} from '@insyn/registry';
import { PublicEntryDocument, PublicEntryStatus } from './public-entry-document';
import { swedishSortKey } from './swedish-sort-key';
import { compoundPartsOf, SwedishCompounds } from './swedish-compounds';
import { publicValueLabels } from './public-value-labels';

/** What the mapper needs: the entry, its published version, its department, the principles. */
export interface PublicEntrySource {
  entry: EntryEntity;
  /** Must be the entry's published version. */
  version: EntryVersionEntity;
  department: DepartmentEntity;
  /** The principles catalogue (or at least the linked principles); unknown codes are dropped. */
  principles: readonly PrincipleEntity[];
  /** Whether residents' concerns about it wait for an answer (default false). */
  hasOpenConcerns?: boolean;
}

/** The mapper was handed something that is not public: a draft, another version, a mismatch. */
export class NotPublicError extends Error {
  constructor(entryId: string, reason: string) {
    super(`entry ${entryId} cannot be indexed: ${reason}`);
    this.name = 'NotPublicError';
  }
}

/**
 * THE public search document of an entry. Reads only `publicContent()` of the published version
 * (withheld fields removed) and the public identity of the entry and its department; never the
 * working draft, the version's filter columns (copied from unprojected content), nor who did
 * what (labels, token ids). Throws NotPublicError for anything but a published version.
 */
export function toPublicEntryDocument(
  source: PublicEntrySource,
  now: Date = new Date(),
): PublicEntryDocument {
  const { entry, version, department } = source;
  if (!entry.publishedVersionId) throw new NotPublicError(entry.id, 'it is not published');
  if (version.id !== entry.publishedVersionId || version.entryId !== entry.id)
    throw new NotPublicError(entry.id, 'the version given is not its published version');
  if (version.state !== VersionState.PUBLISHED)
    throw new NotPublicError(entry.id, `its published version is ${version.state}`);
  if (department.id !== entry.departmentId)
    throw new NotPublicError(entry.id, 'the department given does not own it');

  const content = publicEntryView(entry, version, now).content;
  const retired = entry.status === EntryStatus.RETIRED;
  const known = new Set(source.principles.map((p) => p.code));
  const linked = new Set((content.principles ?? []).map((p) => p.code));
  const principleCodes = source.principles
    .map((p) => p.code)
    .filter((code, i, all) => linked.has(code) && known.has(code) && all.indexOf(code) === i);
  const reviewDueDate = isoDate(content.reviewDueDate);
  const publishedAt = epoch(version.publishedAt ?? entry.lastPublishedAt);
  if (publishedAt === null) throw new NotPublicError(entry.id, 'its publication has no date');
  const retiredAt = retired ? epoch(entry.retiredAt) : null;
  const updatedAt = Math.max(publishedAt, epoch(entry.lastPublishedAt) ?? 0, retiredAt ?? 0);

  const title = text(content.title) ?? '';
  const summary = text(content.summary) ?? '';
  const description = text(content.description) ?? null;
  const keywords = texts(content.keywords);
  const document: Omit<PublicEntryDocument, 'syncHash'> = {
    id: entry.id,
    slug: entry.slug,
    kind: entry.kind,
    version: version.number,
    title,
    titleSortKey: swedishSortKey(title),
    summary,
    translations: (content.translations ?? []).map((t) => ({
      language: t.language,
      title: text(t.title) ?? '',
      summary: text(t.summary) ?? '',
    })),
    description,
    keywords,
    departmentId: department.id,
    departmentSlug: department.slug,
    departmentNameSv: department.nameSv,
    departmentNameEn: department.nameEn,
    principleCodes,
    // Retired, its stage is RETIRED, whatever its last version named (as the entries list counts).
    lifecycle: retired ? LifecycleStage.RETIRED : (content.lifecycle?.stage ?? null),
    status: retired ? PublicEntryStatus.RETIRED : PublicEntryStatus.PUBLISHED,
    riskClass: content.algorithm?.riskClass ?? null,
    aiActClass: content.algorithm?.aiActClass ?? null,
    personalData: content.personalData ?? null,
    theme: content.theme ?? null,
    reviewDueDate,
    reviewOverdue:
      !retired && reviewDueDate !== null && reviewDueDate < now.toISOString().slice(0, 10),
    hasOpenConcerns: source.hasOpenConcerns === true,
    disclosures: texts(searchTextsOf(content, 'disclosures')),
    details: texts(searchTextsOf(content, 'details')),
    // Of the public view, like every other field: a withheld value is not named either.
    valueLabels: publicValueLabels(
      entry.kind,
      retired ? EntryStatus.RETIRED : EntryStatus.PUBLISHED,
      retired
        ? { ...content, lifecycle: { ...content.lifecycle, stage: LifecycleStage.RETIRED } }
        : content,
    ),
    // Of the Swedish text that says what the entry is (its translations are English).
    compoundParts: compoundPartsOf(SwedishCompounds.shared(), [
      title,
      summary,
      ...keywords,
      description ?? '',
    ]),
    publishedAt,
    firstPublishedAt: epoch(entry.firstPublishedAt),
    updatedAt,
    retiredAt,
  };
  return { ...document, syncHash: digest(document) };
}

// Control characters never reach the index (the search highlighter uses two as markers).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(CONTROL, '').trim();
  return cleaned === '' ? undefined : cleaned;
}

function texts(values: readonly unknown[] | undefined): string[] {
  return (values ?? []).map(text).filter((v): v is string => v !== undefined);
}

function isoDate(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function epoch(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : time;
}

function digest(document: Omit<PublicEntryDocument, 'syncHash'>): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 20);
}
