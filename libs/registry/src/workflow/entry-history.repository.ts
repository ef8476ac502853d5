import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Actor, canReadUnpublished } from '@insyn/access';
import { EntriesRepository, isEntryId } from '../entries/entries.repository';
import { EntryStatus } from '../entries/entry-enums';
import { EntryVersionEntity, VersionState } from '../entries/entry-version.entity';
import { EntryView } from '../entries/entry-view';
import { EntryEntity } from '../entries/entry.entity';
import { publicContent } from '../entries/public-projection';
import { diffContent, FieldChange } from './content-diff';

const PUBLISHED_STATES = [VersionState.PUBLISHED, VersionState.SUPERSEDED];

/** History reads: published versions (immutable), "as of" views and diffs between versions. */
@Injectable()
export class EntryHistoryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
  ) {}

  /** What the public saw at `asOf`: the version published last before it, or null before the first publication. */
  async asOf(by: { id?: string; slug?: string }, asOf: Date): Promise<EntryView | null> {
    if (by.id !== undefined && !isEntryId(by.id)) return null;
    const qb = this.dataSource
      .getRepository(EntryEntity)
      .createQueryBuilder('e')
      .innerJoinAndMapOne(
        'e.asOfVersion',
        EntryVersionEntity,
        'v',
        'v.entry_id = e.id AND v.published_at <= :asOf AND v.state IN (:...states)',
        {
          asOf,
          states: PUBLISHED_STATES,
        },
      )
      .orderBy('v.published_at', 'DESC')
      .limit(1);
    if (by.id !== undefined) qb.andWhere('e.id = :id', { id: by.id });
    if (by.slug !== undefined) qb.andWhere('e.slug = :slug', { slug: by.slug });
    const entry = (await qb.getOne()) as
      (EntryEntity & { asOfVersion?: EntryVersionEntity }) | null;
    if (!entry?.asOfVersion) return null;
    const version = entry.asOfVersion;
    delete entry.asOfVersion;
    // The entry row holds today's state: show only what was already true at `asOf`.
    const retired = entry.retiredAt !== null && entry.retiredAt <= asOf;
    const publishedAt = version.publishedAt!;
    const earlier = (a: Date | null, b: Date) => (a !== null && a < b ? a : b);
    return {
      entry: {
        ...entry,
        status: retired ? EntryStatus.RETIRED : EntryStatus.PUBLISHED,
        version: version.number,
        currentVersionId: version.id,
        publishedVersionId: version.id,
        firstPublishedAt: earlier(entry.firstPublishedAt, publishedAt),
        lastPublishedAt: publishedAt,
        retiredAt: retired ? entry.retiredAt : null,
        retirementReason: retired ? entry.retirementReason : null,
        updatedAt: retired ? entry.retiredAt! : publishedAt,
      },
      // A published version's content is fixed at publication (a later supersession is not a change).
      version: { ...version, updatedAt: publishedAt },
      content: publicContent(version.content),
      isPublishedVersion: true,
      publicView: true,
    };
  }

  /** Published versions of entries, oldest first, batched for a DataLoader. */
  async publishedVersions(entryIds: readonly string[]): Promise<Map<string, EntryVersionEntity[]>> {
    const versions = entryIds.length
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { entryId: In([...entryIds]), state: In(PUBLISHED_STATES) },
          order: { number: 'ASC' },
        })
      : [];
    const byEntry = new Map<string, EntryVersionEntity[]>(entryIds.map((id) => [id, []]));
    for (const version of versions) byEntry.get(version.entryId)?.push(version);
    return byEntry;
  }

  /**
   * Field-by-field changes between two versions of an entry the actor can see. The public may diff
   * published versions (withheld fields removed); staff may also name the working version.
   */
  async diff(
    actor: Actor,
    id: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<FieldChange[] | null> {
    const visible = await this.entries.findOne(actor, { id });
    if (!visible) return null;
    const staff = canReadUnpublished(actor, visible.entry.departmentId);
    const versions = await this.dataSource.getRepository(EntryVersionEntity).find({
      where: {
        entryId: id,
        number: In([fromVersion, toVersion]),
        ...(staff ? {} : { state: In(PUBLISHED_STATES) }),
      },
    });
    const from = versions.find((v) => v.number === fromVersion);
    const to = versions.find((v) => v.number === toVersion);
    if (!from || !to) return null;
    const view = (v: EntryVersionEntity) => (staff ? v.content : publicContent(v.content));
    return diffContent(view(from), view(to));
  }
}
