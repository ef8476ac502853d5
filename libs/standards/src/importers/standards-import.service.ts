import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenActor } from '@insyn/access';
import { isDatabaseOutOfService } from '@insyn/database';
import { characterCount, DomainError, jsonNestingOver, textProblem } from '@insyn/errors';
import {
  declaredWithholdings,
  EntryContentPatch,
  EntryImportsService,
  EntryKind,
  PrinciplesService,
  valueAt,
  WithheldInformation,
} from '@insyn/registry';
import { LeftOut } from '../mapping/two-way-field';
import { STANDARDS_SETTINGS, StandardsSettings } from '../standards-settings';
import { algostdImport } from './algostd.importer';
import { atrsImport } from './atrs.importer';
import { contentProblems } from './content-problems';
import { contentText } from './content-text';
import { csvImport } from './csv.importer';
import { ImportFormat, isRecord, LinkNotMade, ParsedRecord, RecordLink } from './import-format';
import { nlImport } from './nl.importer';

/** What became of one record. */
export interface RecordReport {
  index: number;
  sourceId?: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  entryId?: string;
  slug?: string;
  version?: number;
  /** What the record held that did not go into the draft, and why. */
  leftOut: LeftOut[];
  notes: string[];
  /** Why it failed (outcome `failed`). */
  reasons: string[];
  /** Links the record held that were refused as read (a malformed `relations` cell or item). */
  linksNotMade?: LinkNotMade[];
  /** The unexpected error that failed it (not a refusal): for the log, not for the report. */
  error?: unknown;
}

export interface ImportSummary {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The import was stopped (its `signal`) before the file's end: the rest was not read. */
  stopped?: true;
  /** When the file's records held links: how many are in place, how many were not made. */
  links?: {
    linked: number;
    notMade: number;
    /** Stopped (the operator's Ctrl-C) before every record's links were made. */
    stopped?: true;
  };
}

/**
 * What became of one imported record's links, once every record of the file was in (so that a
 * link to a later record finds its draft).
 */
export interface RecordLinksReport {
  index: number;
  sourceId?: string;
  entryId: string;
  slug?: string;
  /** The links the draft has now (made by this import, or there already), as `TYPE target`. */
  linked: string[];
  /** The links that were not made, and why. */
  linksNotMade: LinkNotMade[];
  /** Unexpected errors (not refusals) that kept links from being made: for the log. */
  errors: unknown[];
}

/** What a link's target is in the file: the draft its record became, or the record that failed. */
type FileTarget = { entryId: string } | { failedRecord: number };

/** The file's records by their names in it (entry id, slug): the first record of each name. */
interface FileNames {
  byEntryId: Map<string, FileTarget>;
  bySlug: Map<string, FileTarget>;
}

export const IMPORT_FORMAT_NAMES = ['algostd', 'nl', 'atrs', 'csv'] as const;

/**
 * Imports a file of another register's records as drafts of a department, acting as a token's
 * person. Each record is checked (the format's own rules, the text rule of every input on every
 * string, then Insyn's field catalogue) and goes
 * in alone, in its own transaction (EntryImportsService): a bad record fails with its reasons and
 * the others go in. The same record imported again changes nothing; a changed one updates its draft.
 */
@Injectable()
export class StandardsImportService {
  constructor(
    private readonly imports: EntryImportsService,
    private readonly principles: PrinciplesService,
    @Inject(STANDARDS_SETTINGS) private readonly settings: StandardsSettings,
  ) {}

  format(name: string): ImportFormat | undefined {
    switch (name) {
      case 'algostd':
        return algostdImport(this.settings);
      case 'nl':
        return nlImport(this.settings);
      case 'atrs':
        return atrsImport();
      case 'csv':
        return csvImport();
      default:
        return undefined;
    }
  }

  async import(
    format: ImportFormat,
    path: string,
    options: {
      actor: TokenActor;
      department: string;
      /** Who runs the import, when not the token's person (recorded in each audit row). */
      operator?: string;
      onRecord: (report: RecordReport) => void;
      /** Each imported record's links, after every record was imported. */
      onLinks?: (report: RecordLinksReport) => void;
      progress?: (done: number, total: number | undefined) => void;
      /** Stops the import between two records (the operator's Ctrl-C). */
      signal?: AbortSignal;
    },
  ): Promise<ImportSummary> {
    const principleCodes = await this.principles.codes();
    const summary: ImportSummary = { records: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
    const { total, records } = await format.read(path);
    // Source ids of this file: a second record with one would silently overwrite the first.
    const firstWith = new Map<string, number>();
    const names: FileNames = { byEntryId: new Map(), bySlug: new Map() };
    /** The imported records that hold links, to make once every record is in. */
    const linking: { report: RecordReport & { entryId: string }; links: RecordLink[] }[] = [];
    /** Whether the database stayed out of reach longer than an import waits for it. */
    const outage = { over: false };
    for await (const record of records) {
      if (options.signal?.aborted) {
        summary.stopped = true;
        break;
      }
      const earlier = record.sourceId === undefined ? undefined : firstWith.get(record.sourceId);
      if (record.sourceId !== undefined && earlier === undefined)
        firstWith.set(record.sourceId, record.index);
      if (earlier !== undefined)
        record.problems = [
          ...record.problems,
          `source id: record ${earlier} of this file has the same id; each record once`,
        ];
      // An unexpected error (not a refusal) fails its record alone: the record's transaction
      // rolled back, so nothing of it is stored. The report does not quote the error, which may
      // hold SQL or the record's text; the caller logs `error`. The import goes on.
      // Stopped meanwhile, the error is the stop's doing (its database going away): the record
      // is not imported, and that is all there is to say.
      // The database out of reach (a restart of the embedded server, a failover) is waited for,
      // as the API's loops wait: the record's transaction rolled back, so it is stored again
      // once the database is back. Past the wait, that record and the rest fail as before.
      const store = () => this.importOne(format, record, options, principleCodes);
      const report = await (
        outage.over ? store() : whileDatabaseOut(store, outage, options.signal)
      ).catch((error: unknown): RecordReport => ({
        index: record.index,
        sourceId: record.sourceId,
        outcome: 'failed',
        leftOut: record.leftOut,
        notes: record.notes,
        ...(options.signal?.aborted
          ? { reasons: ['the import was stopped while it was being stored'] }
          : {
              reasons: [
                'could not be stored: an unexpected error (logged); nothing of it was imported',
              ],
              error,
            }),
      }));
      summary.records += 1;
      summary[report.outcome] += 1;
      if (record.linksNotMade?.length) report.linksNotMade = record.linksNotMade;
      this.remember(names, record, report);
      if (report.outcome !== 'failed' && report.entryId !== undefined && record.links?.length)
        linking.push({ report: { ...report, entryId: report.entryId }, links: record.links });
      options.onRecord(report);
      options.progress?.(summary.records, total);
    }
    if (summary.stopped || !linking.length) return summary;
    // Links last: a record may link to one further down the file.
    const links: NonNullable<ImportSummary['links']> = { linked: 0, notMade: 0 };
    summary.links = links;
    for (const { report, links: held } of linking) {
      if (options.signal?.aborted) {
        links.stopped = true;
        break;
      }
      const done = await this.linkRecord(report, held, names, options);
      links.linked += done.linked.length;
      links.notMade += done.linksNotMade.length;
      options.onLinks?.(done);
    }
    return summary;
  }

  /** Keeps the record's names in the file, with the draft it became (or its failure). */
  private remember(names: FileNames, record: ParsedRecord, report: RecordReport): void {
    if (!record.names) return;
    const target: FileTarget =
      report.outcome !== 'failed' && report.entryId !== undefined
        ? { entryId: report.entryId }
        : { failedRecord: record.index };
    const { entryId, slug } = record.names;
    // The first record of a name stands (a second with the same id fails, naming the first).
    if (entryId !== undefined && !names.byEntryId.has(entryId))
      names.byEntryId.set(entryId, target);
    if (slug !== undefined && !names.bySlug.has(slug)) names.bySlug.set(slug, target);
  }

  /**
   * Makes one imported record's links through the registry (EntryImportsService.link, so its
   * rules hold: kinds, no PART_OF cycle, who may write and see what, the audit events). A link
   * that cannot be made is reported with its reason; it fails neither the record nor the import.
   */
  private async linkRecord(
    from: RecordReport & { entryId: string },
    held: readonly RecordLink[],
    names: FileNames,
    options: { actor: TokenActor; signal?: AbortSignal },
  ): Promise<RecordLinksReport> {
    const done: RecordLinksReport = {
      index: from.index,
      sourceId: from.sourceId,
      entryId: from.entryId,
      slug: from.slug,
      linked: [],
      linksNotMade: [],
      errors: [],
    };
    for (const link of held) {
      const name = `${link.type} ${link.slug ?? link.entryId}`;
      try {
        const target = await this.targetOf(link, names, options.actor);
        if ('reason' in target) {
          done.linksNotMade.push({ link: name, reason: target.reason });
          continue;
        }
        await this.imports.link(options.actor, from.entryId, target.id, link.type);
        done.linked.push(name);
      } catch (error) {
        let reason: string;
        if (error instanceof DomainError)
          reason = error.fields.length
            ? error.fields.map((f) => f.message).join('; ')
            : error.message;
        else if (options.signal?.aborted) reason = 'the import was stopped while it was being made';
        else {
          // Not quoted: it may hold SQL. The caller logs it.
          done.errors.push(error);
          reason = 'could not be made: an unexpected error (logged)';
        }
        done.linksNotMade.push({ link: name, reason });
      }
    }
    return done;
  }

  /**
   * The entry a link points to: the draft of the file's record it names (by the record's entry
   * id, then its slug, in the file), else an entry of this registry the actor may see, by slug.
   */
  private async targetOf(
    link: RecordLink,
    names: FileNames,
    actor: TokenActor,
  ): Promise<{ id: string } | { reason: string }> {
    const inFile =
      (link.entryId === undefined ? undefined : names.byEntryId.get(link.entryId)) ??
      (link.slug === undefined ? undefined : names.bySlug.get(link.slug));
    if (inFile)
      return 'entryId' in inFile
        ? { id: inFile.entryId }
        : {
            reason: `its target is record ${inFile.failedRecord} of this file, which failed: there is no draft to link to`,
          };
    if (link.slug === undefined)
      return {
        reason:
          'no record of this file has that entry id, and without a slug no entry of this registry can be found',
      };
    const id = await this.imports.visibleEntryId(actor, link.slug);
    return id
      ? { id }
      : {
          reason: `no record of this file has it, and no entry "${link.slug}" that the import's token may see is in this registry`,
        };
  }

  private async importOne(
    format: ImportFormat,
    record: ParsedRecord,
    options: { actor: TokenActor; department: string; operator?: string },
    principleCodes: ReadonlySet<string>,
  ): Promise<RecordReport> {
    const report = (outcome: RecordReport['outcome'], more: Partial<RecordReport> = {}) => ({
      index: record.index,
      sourceId: record.sourceId,
      outcome,
      leftOut: record.leftOut,
      notes: record.notes,
      reasons: [],
      ...more,
    });
    // Before anything walks the record (the fingerprint, the text rule, the mapping recurse): a
    // record thousands of levels deep overflowed the stack. The API's nesting limit, on the record
    // as read and on its content (a CSV's cells are flat text, its JSON cells parsed into it).
    if (
      jsonNestingOver(record.raw, RECORD_NESTING_LIMIT) ||
      jsonNestingOver(record.content, RECORD_NESTING_LIMIT)
    )
      return report('failed', {
        reasons: [
          `(record): nested deeper than ${RECORD_NESTING_LIMIT} levels of lists and objects`,
        ],
      });
    const problems = [...record.problems];
    // The text rule of every input, before anything else reads the strings.
    const sourceIdProblem =
      record.sourceId === undefined ? undefined : textProblem(record.sourceId);
    if (sourceIdProblem) problems.push(`source id: ${sourceIdProblem}`);
    // It is kept in a unique index (which takes some 2,700 bytes at most) and in the audit event.
    else if (
      record.sourceId !== undefined &&
      characterCount(record.sourceId) > SOURCE_ID_MAX_LENGTH
    )
      problems.push(
        `source id: must be at most ${SOURCE_ID_MAX_LENGTH} characters (it has ${characterCount(record.sourceId)})`,
      );
    const text = record.content ? contentText(record.content) : undefined;
    if (text) problems.push(...text.problems);
    const content =
      text?.content && record.kind ? withoutNoticesAlong(record.kind, text.content) : text?.content;
    if (!problems.length && record.kind && content)
      problems.push(...contentProblems(record.kind, content, principleCodes));
    if (problems.length || !record.kind || !record.sourceId || !content)
      return report('failed', { reasons: problems });
    try {
      const done = await this.imports.importDraft(options.actor, options.department, {
        format: format.name,
        sourceId: record.sourceId,
        kind: record.kind,
        patch: patchOf(content, format.carries),
        digest: digestOf(format.name, record.raw),
        operator: options.operator,
      });
      return report(done.outcome, {
        entryId: done.entryId,
        slug: done.slug,
        version: done.version,
      });
    } catch (error) {
      // The registry's refusals (a rule, a conflict, access) fail the record with their reasons;
      // anything else is for import() to report.
      if (!(error instanceof DomainError)) throw error;
      const reasons = error.fields.length
        ? error.fields.map((f) => `${recordPath(f.field)}: ${f.message}`)
        : [error.message];
      return report('failed', { reasons });
    }
  }
}

/**
 * The record's `withheld` list without the notices an Insyn export adds for the fields withheld
 * along with another (`declaredWithholdings`): the same withholding, on the same ground and until
 * the same date, which the registry would refuse as a second notice. For every format, so the
 * registry's own files import again. A list that is not one of withholdings is left for the
 * catalogue check to refuse.
 */
function withoutNoticesAlong(
  kind: EntryKind,
  content: Record<string, unknown>,
): Record<string, unknown> {
  const list = content.withheld;
  if (
    !Array.isArray(list) ||
    !list.every(
      (w) =>
        isRecord(w) &&
        typeof w.field === 'string' &&
        typeof w.legalGround === 'string' &&
        (w.until === undefined || w.until === null || typeof w.until === 'string'),
    )
  )
    return content;
  const { declared } = declaredWithholdings(kind, list as WithheldInformation[]);
  return declared.length === list.length ? content : { ...content, withheld: declared };
}

/**
 * A registry refusal's field as the report names a record's fields: without `input.`, and list
 * items counted from 1 as the import's own checks count them (`input.withheld.0.until` is
 * `withheld.1.until`).
 */
const recordPath = (field: string): string =>
  field.replace(/^input\./, '').replace(/\.(\d+)(?=\.|$)/g, (_, i: string) => `.${Number(i) + 1}`);

/**
 * The content as a patch: what the record holds, and null for each path the format carries that
 * the record leaves empty (so an updated record clears what it no longer says).
 */
export function patchOf(
  content: Record<string, unknown>,
  carries: readonly string[],
): EntryContentPatch {
  const patch = structuredClone(content);
  for (const path of carries) {
    if (valueAt(patch, path) !== undefined) continue;
    const keys = path.split('.');
    let node = patch;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key]))
        node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = null;
  }
  return patch as EntryContentPatch;
}

/** The longest source id (as an idempotency key of the API). */
export const SOURCE_ID_MAX_LENGTH = 200;

/** Levels of lists and objects a record may have (as the API's requests: `nestingLimit`). */
export const RECORD_NESTING_LIMIT = 64;

/** Fingerprint of a record: its format and its JSON with keys in order. */
export function digestOf(format: string, raw: unknown): string {
  const stable = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(stable)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value as object)
              .sort()
              .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256')
    .update(`${format}\n${JSON.stringify(stable(raw))}`)
    .digest('hex');
}

/**
 * How long an import waits for its database to come back before records fail (a restart of the
 * embedded server takes about a second; a failover, seconds).
 */
export const IMPORT_DATABASE_WAIT_MS = 30_000;

/**
 * `work`, done again while it fails because the database is out of reach (isDatabaseOutOfService),
 * at growing intervals, until IMPORT_DATABASE_WAIT_MS has passed or the import is stopped; then
 * its last error. Once the wait has run out, `outage.over` says so, and later records do not wait.
 */
export async function whileDatabaseOut<T>(
  work: () => Promise<T>,
  outage: { over: boolean },
  signal: AbortSignal | undefined,
  waitMs = IMPORT_DATABASE_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseOutOfService(error) || signal?.aborted) throw error;
      if (Date.now() + pause > deadline) {
        outage.over = true;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
