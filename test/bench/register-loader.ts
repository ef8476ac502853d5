import { DataSource } from 'typeorm';
import { Actor, resolveTokenKey, Role, systemActor, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { InsynConfig } from '@insyn/config';
import {
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  EntryContent,
  EntryKind,
  EntryVisibilityPolicy,
  EntryWorkflowService,
  RegistryClock,
  seedDemoData,
} from '@insyn/registry';
import { progress } from './bench-timing';
import { BENCH_DEPARTMENTS, generateEntry } from './register-generator';

/**
 * Loads the generated register through the registry's domain services in this process
 * (register, link, submit, publish, and edit → submit → publish for each later version): the
 * same rules, audit rows and search outbox rows as through GraphQL, without HTTP and GraphQL in
 * between, so that 10,000 entries load in minutes. `inFlight` entries at a time.
 */
export class RegisterLoader {
  readonly actor: Actor = systemActor('bench');
  readonly entries: EntriesService;
  readonly workflow: EntryWorkflowService;
  readonly departments: DepartmentsService;
  readonly tokens: TokensService;
  private templates = new Map<EntryKind, EntryContent>();
  /** Entry ids by generator index. */
  readonly ids: string[] = [];
  /** Published versions written (for the history figure's note). */
  versions = 0;

  constructor(
    private readonly dataSource: DataSource,
    config: InsynConfig,
  ) {
    const audit = new AuditLog();
    const clock = new RegistryClock();
    const repository = new EntriesRepository(dataSource, new EntryVisibilityPolicy(clock));
    this.entries = new EntriesService(dataSource, repository, audit, clock);
    this.workflow = new EntryWorkflowService(dataSource, repository, audit, clock);
    this.departments = new DepartmentsService(dataSource, audit);
    this.tokens = new TokensService(dataSource, resolveTokenKey(config), audit);
  }

  /** Demo data (its published entries are the complete templates), then the other departments. */
  async prepare(): Promise<void> {
    await seedDemoData({
      dataSource: this.dataSource,
      departments: this.departments,
      tokens: this.tokens,
      entries: this.entries,
      workflow: this.workflow,
    });
    const existing = new Set(
      (await this.dataSource.query('SELECT slug FROM department')).map(
        (r: { slug: string }) => r.slug,
      ),
    );
    for (const department of BENCH_DEPARTMENTS.filter((d) => !existing.has(d.slug)))
      await this.departments.create(department, systemActor('bench'));
    const rows: { kind: EntryKind; content: EntryContent }[] = await this.dataSource.query(
      `SELECT e.kind, v.content FROM entry e JOIN entry_version v ON v.id = e.published_version_id
       ORDER BY e.slug`,
    );
    for (const row of rows)
      if (!this.templates.has(row.kind)) this.templates.set(row.kind, row.content);
    if (this.templates.size !== 3)
      throw new Error('the demo data lacks a published entry of each kind');
  }

  /** A token of `role` for the API (the bench's auditor). */
  async token(role: Role): Promise<string> {
    const created = await this.tokens.create({
      label: `bench ${role.toLowerCase()}`,
      person: { name: `Bench ${role.toLowerCase()} ${Date.now()}` },
      role,
      createdBy: systemActor('bench'),
    });
    return created.token;
  }

  /** Loads entries `from` … `to − 1` of the generator, `inFlight` at a time, with progress. */
  async load(
    from: number,
    to: number,
    inFlight = 8,
  ): Promise<{ seconds: number; perSecond: number }> {
    const started = performance.now();
    let lastReport = started;
    for (let i = from; i < to; i += inFlight) {
      await Promise.all(
        Array.from({ length: Math.min(inFlight, to - i) }, (_, j) => this.loadOne(i + j)),
      );
      if (performance.now() - lastReport > 5000 || i + inFlight >= to) {
        lastReport = performance.now();
        const done = Math.min(to, i + inFlight) - from;
        const rate = done / ((lastReport - started) / 1000);
        progress(
          `loaded ${done.toLocaleString('en-GB')}/${(to - from).toLocaleString('en-GB')} entries (${rate.toFixed(1)}/s, ${this.versions} published versions)`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, perSecond: (to - from) / seconds };
  }

  private async loadOne(index: number): Promise<void> {
    const generated = generateEntry(index);
    const template = this.templates.get(generated.kind)!;
    const content = { ...template, ...generated.content } as EntryContent;
    const view = await this.registerRetryingSlug(generated.kind, generated.departmentSlug, content);
    const id = view.entry.id;
    this.ids[index] = id;
    const target = generated.link ? this.ids[generated.link.to] : undefined;
    if (generated.link && target)
      await this.entries.link(this.actor, id, target, generated.link.type);
    await this.publish(id, 'Första publiceringen');
    for (let v = 2; v <= generated.versions; v++) {
      await this.entries.update(this.actor, id, generated.kind, {
        summary: `${content.summary} Uppdaterad i version ${v}: uppföljningen visade inga avvikelser.`,
      });
      await this.publish(id, `Version ${v}: ny uppföljning`);
    }
  }

  /**
   * Two registrations of the same title at once can pick the same slug (uniqueSlug reads, then
   * inserts): the loser fails on entry_slug_key. Titles repeat in the generated register, so the
   * loader retries, as a client would.
   */
  private async registerRetryingSlug(kind: EntryKind, department: string, content: EntryContent) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.entries.register(this.actor, kind, department, content);
      } catch (error) {
        const { constraint, driverError } = error as {
          constraint?: string;
          driverError?: { constraint?: string };
        };
        if ((constraint ?? driverError?.constraint) === 'entry_slug_key' && attempt < 5) {
          this.slugRetries++;
          continue;
        }
        throw error;
      }
    }
  }

  /** Registrations retried after a slug race (reported with the loading figure). */
  slugRetries = 0;

  /** Submit, then publish (the bench's actor is an admin: four eyes allow it, recorded). */
  async publish(id: string, note: string): Promise<void> {
    await this.workflow.submit(this.actor, id);
    await this.workflow.publish(this.actor, id, note);
    this.versions++;
  }

  /** A new draft in review, ready to publish (freshness): returns its id. */
  async registerForPublication(title: string): Promise<string> {
    const template = this.templates.get(EntryKind.ALGORITHM)!;
    const view = await this.entries.register(
      this.actor,
      EntryKind.ALGORITHM,
      BENCH_DEPARTMENTS[0].slug,
      {
        ...template,
        title,
        summary: 'Mäter hur fort en publicering blir sökbar.',
      } as EntryContent,
    );
    await this.workflow.submit(this.actor, view.entry.id);
    return view.entry.id;
  }
}
