import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Actor } from '@insyn/access';
import { EntriesRepository, isEntryId } from '../entries/entries.repository';
import { EntryVersionEntity, VersionState } from '../entries/entry-version.entity';
import { EntryView } from '../entries/entry-view';
import { EntryEntity } from '../entries/entry.entity';
import { EntryVisibilityPolicy } from '../visibility/entry-visibility.policy';
import { diffContent, FieldChange } from './content-diff';

const PUBLISHED_STATES = [VersionState.PUBLISHED, VersionState.SUPERSEDED];

/** One published version as a reader may see it. */
export interface PublishedVersionView {
  view: EntryView;
  /** Label of the token that published it; null unless the reader is the entry's staff. */
  publishedBy: string | null;
}

/** History reads: published versions (immutable), "as of" views and diffs between versions. */
@Injectable()
export class EntryHistoryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesRepository,
    private readonly policy: EntryVisibilityPolicy,
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
    return this.policy.asOfView(entry, version, asOf);
  }

  /**
   * The published versions of entries this actor can see, oldest first, each as the policy lets
   * this actor see it (and who published it, for staff only). Batched for a DataLoader.
   */
  async publishedHistories(
    actor: Actor,
    entryIds: readonly string[],
  ): Promise<Map<string, PublishedVersionView[]>> {
    const visible = await this.entries.findByIds(actor, entryIds);
    const byEntry = new Map<string, PublishedVersionView[]>(
      visible.map((view) => [view.entry.id, []]),
    );
    const versions = byEntry.size
      ? await this.dataSource.getRepository(EntryVersionEntity).find({
          where: { entryId: In([...byEntry.keys()]), state: In(PUBLISHED_STATES) },
          order: { number: 'ASC' },
        })
      : [];
    const entryOf = new Map(visible.map((view) => [view.entry.id, view.entry]));
    for (const version of versions) {
      const entry = entryOf.get(version.entryId)!;
      const staff = this.policy.seesWorkingCopy(actor, entry.departmentId);
      byEntry.get(version.entryId)!.push({
        view: this.policy.historyView(actor, entry, version),
        publishedBy: staff ? version.publishedByLabel : null,
      });
    }
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
    const staff = this.policy.seesWorkingCopy(actor, visible.entry.departmentId);
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
    const view = (v: EntryVersionEntity) => this.policy.diffContent(actor, visible.entry, v);
    return diffContent(view(from), view(to));
  }
}
