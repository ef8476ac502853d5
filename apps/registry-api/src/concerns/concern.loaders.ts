import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Actor } from '@insyn/access';
import {
  ConcernAnswerEntity,
  ConcernCounts,
  ConcernEntity,
  ConcernsRepository,
} from '@insyn/concerns';
import { ContentRoots, EntriesRepository, EntryView } from '@insyn/registry';
import { contentRootsOf } from '../entries/entry-content-roots';

/** The DataLoaders of one request and actor: one query per relation, whatever the page size. */
export class ConcernLoaders {
  /** Open and answered counts per entry. */
  readonly counts: DataLoader<string, ConcernCounts>;
  /** Entries as this actor may see them (null when hidden). */
  readonly visibleEntry: DataLoader<string, EntryView | null>;
  /**
   * Every wording of a concern's answer, newest first. Only for a concern the caller already
   * may read: the answers follow the concern.
   */
  readonly answerHistory: DataLoader<string, ConcernAnswerEntity[]>;
  private readonly publicByFirst = new Map<number, DataLoader<string, ConcernEntity[]>>();

  constructor(
    private readonly concerns: ConcernsRepository,
    entries: EntriesRepository,
    actor: Actor,
    /** The parts of entries' content the request's operation can show (ContentRoots). */
    roots?: ContentRoots,
  ) {
    this.counts = new DataLoader(async (ids) => {
      const counts = await concerns.countsByEntries(ids);
      return ids.map((id) => counts.get(id) ?? { open: 0, answered: 0 });
    });
    this.answerHistory = new DataLoader(async (ids) => {
      const byConcern = await concerns.answersByConcerns(ids);
      return ids.map((id) => byConcern.get(id) ?? []);
    });
    this.visibleEntry = new DataLoader(async (ids) => {
      const views = await entries.findByIds(actor, ids, roots);
      const byId = new Map(views.map((v) => [v.entry.id, v]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Answered or rejected concerns per entry, at most `first` each (one loader per `first`). */
  publicConcerns(first: number): DataLoader<string, ConcernEntity[]> {
    let loader = this.publicByFirst.get(first);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const byEntry = await this.concerns.publicByEntries(ids, first);
        return ids.map((id) => byEntry.get(id) ?? []);
      });
      this.publicByFirst.set(first, loader);
    }
    return loader;
  }
}

/** One ConcernLoaders per request and actor (kept in a WeakMap keyed by the request). */
@Injectable()
export class ConcernLoadersFactory {
  private readonly perRequest = new WeakMap<object, Map<Actor, ConcernLoaders>>();

  constructor(
    private readonly concerns: ConcernsRepository,
    private readonly entries: EntriesRepository,
  ) {}

  for(request: object, actor: Actor): ConcernLoaders {
    let byActor = this.perRequest.get(request);
    if (!byActor) {
      byActor = new Map();
      this.perRequest.set(request, byActor);
    }
    let loaders = byActor.get(actor);
    if (!loaders) {
      loaders = new ConcernLoaders(this.concerns, this.entries, actor, contentRootsOf(request));
      byActor.set(actor, loaders);
    }
    return loaders;
  }
}
