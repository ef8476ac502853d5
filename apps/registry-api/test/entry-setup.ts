import { INestApplication } from '@nestjs/common';
import {
  EntriesService,
  EntryContentPatch,
  EntryKind,
  EntryWorkflowService,
  RelationType,
} from '@insyn/registry';
import { TestTokens } from '@insyn/testing';
import { fullAlgorithmInput, fullDatasetInput, fullIotInput } from './entry-fixtures';

const FULL_INPUT = {
  [EntryKind.ALGORITHM]: fullAlgorithmInput,
  [EntryKind.DATASET]: fullDatasetInput,
  [EntryKind.IOT_DEPLOYMENT]: fullIotInput,
};

/**
 * Arranges entries through the app's own services (the rules, audit rows and outbox rows of the
 * real thing, without an HTTP round trip per step), so a test spends its time on what it checks.
 * Department A belongs to `editorA`, department B to `editorB`; the reviewer publishes.
 */
export class EntrySetup {
  private readonly service: EntriesService;
  private readonly workflow: EntryWorkflowService;

  constructor(
    app: INestApplication,
    private readonly tokens: TestTokens,
  ) {
    this.service = app.get(EntriesService);
    this.workflow = app.get(EntryWorkflowService);
  }

  /** A complete (publishable) draft of the kind in department A or B; returns its id. */
  async draft(
    kind: EntryKind,
    title: string,
    department: 'A' | 'B' = 'A',
    overrides: EntryContentPatch = {},
  ): Promise<string> {
    // A GraphQL input (enum names, nulls for "not set"), as the resolvers hand it to the service.
    const content: EntryContentPatch = { ...FULL_INPUT[kind](title), ...overrides };
    const view = await this.service.register(
      this.editor(department),
      kind,
      department === 'A' ? this.tokens.departmentA.slug : this.tokens.departmentB.slug,
      content,
    );
    return view.entry.id;
  }

  /** A draft, submitted and published (editor submits, reviewer publishes); returns its id. */
  async published(
    kind: EntryKind,
    title: string,
    department: 'A' | 'B' = 'A',
    overrides: EntryContentPatch = {},
  ): Promise<string> {
    const id = await this.draft(kind, title, department, overrides);
    await this.publish(id, department);
    return id;
  }

  /** Submits the entry's draft and publishes it. */
  async publish(id: string, department: 'A' | 'B' = 'A'): Promise<void> {
    await this.submit(id, department);
    await this.workflow.publish(this.tokens.actors.reviewer, id, 'Published by the test setup');
  }

  async submit(id: string, department: 'A' | 'B' = 'A'): Promise<void> {
    await this.workflow.submit(this.editor(department), id);
  }

  async retire(id: string): Promise<void> {
    await this.workflow.retire(this.tokens.actors.reviewer, id, 'Retired by the test setup');
  }

  /** Starts a new draft version of a published entry (the published one stays public). */
  async edit(id: string, kind: EntryKind, patch: EntryContentPatch, department: 'A' | 'B' = 'A') {
    await this.service.update(this.editor(department), id, kind, patch);
  }

  async link(fromId: string, toId: string, type: RelationType, department: 'A' | 'B' = 'A') {
    await this.service.link(this.editor(department), fromId, toId, type);
  }

  async unlink(fromId: string, toId: string, type: RelationType, department: 'A' | 'B' = 'A') {
    await this.service.unlink(this.editor(department), fromId, toId, type);
  }

  private editor(department: 'A' | 'B') {
    return department === 'A' ? this.tokens.actors.editorA : this.tokens.actors.editorB;
  }
}
