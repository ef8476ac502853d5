import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TokenActor } from '@insyn/access';
import { AuditAction } from '@insyn/audit';
import { BadInputError, ConflictError } from '@insyn/errors';
import { EntriesRepository } from '../entries/entries.repository';
import { AuditedAs, EntriesService } from '../entries/entries.service';
import { EntryContentPatch } from '../entries/entry-content-patch';
import { EntryKind, RelationType } from '../entries/entry-enums';
import { assertCanWriteDepartment } from '../entries/entry-write-access';
import { EntrySourceEntity } from './entry-source.entity';

/** One record of another register, mapped to an entry's content. */
export interface SourceRecord {
  /** The import format (`algostd`, `nl`, `atrs`, `csv`). */
  format: string;
  /** The record's id in its own register. */
  sourceId: string;
  kind: EntryKind;
  /** The content the record carries; `null` clears a field the format carries but the record lacks. */
  patch: EntryContentPatch;
  /** Fingerprint of the record: the same digest means nothing changed since the last import. */
  digest: string;
  /**
   * Who ran the import, when not the token's person (an operator command: `cli:<os user>`): the
   * audit row is the token's, and says too who acted as it.
   */
  operator?: string;
}

export interface ImportedDraft {
  outcome: 'created' | 'updated' | 'unchanged';
  entryId: string;
  slug: string;
  /** Number of the working version after the import. */
  version: number;
}

/**
 * Imports records of other registers as drafts: one transaction per record, holding the draft's
 * write, its ENTRY_IMPORTED audit row and the source mapping. A record imported before (same
 * department, format and source id) updates the draft it made when it changed, and changes
 * nothing when its digest is the same.
 */
@Injectable()
export class EntryImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: EntriesService,
    private readonly repository: EntriesRepository,
  ) {}

  async importDraft(
    actor: TokenActor,
    departmentSlug: string,
    record: SourceRecord,
  ): Promise<ImportedDraft> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const department = await this.repository.departmentBySlug(departmentSlug, manager);
        if (!department)
          throw new BadInputError([
            { field: 'department', message: `no department has the slug "${departmentSlug}"` },
          ]);
        assertCanWriteDepartment(actor, department.id);
        const source = await manager
          .getRepository(EntrySourceEntity)
          .createQueryBuilder('s')
          .setLock('pessimistic_write')
          .where(
            's.department_id = :departmentId AND s.format = :format AND s.source_id = :sourceId',
            {
              departmentId: department.id,
              format: record.format,
              sourceId: record.sourceId,
            },
          )
          .getOne();
        const auditedAs = (created: boolean): AuditedAs => ({
          action: AuditAction.ENTRY_IMPORTED,
          details: {
            format: record.format,
            sourceId: record.sourceId,
            created,
            ...(record.operator ? { operator: record.operator } : {}),
          },
        });
        const done = (
          outcome: ImportedDraft['outcome'],
          view: { entry: { id: string; slug: string; version: number } },
        ) => ({
          outcome,
          entryId: view.entry.id,
          slug: view.entry.slug,
          version: view.entry.version,
        });

        if (!source) {
          const view = await this.entries.register(
            actor,
            record.kind,
            departmentSlug,
            record.patch,
            manager,
            auditedAs(true),
          );
          await manager.insert(EntrySourceEntity, {
            departmentId: department.id,
            format: record.format,
            sourceId: record.sourceId,
            entryId: view.entry.id,
            digest: record.digest,
            importedByLabel: actor.label,
            importedAt: new Date(),
          });
          return done('created', view);
        }
        if (source.digest === record.digest) {
          const view = await this.repository.findOne(actor, { id: source.entryId }, manager);
          if (!view) throw new ConflictError(`the entry ${source.entryId} cannot be read`);
          return done('unchanged', view);
        }
        const { view, changed } = await this.entries.updateTelling(
          actor,
          source.entryId,
          record.kind,
          record.patch,
          manager,
          auditedAs(false),
        );
        await manager.update(EntrySourceEntity, source.id, {
          digest: record.digest,
          importedByLabel: actor.label,
          importedAt: new Date(),
        });
        // A record that changed only in what the entry does not carry changes nothing: the
        // import says so, as it says when the record is the same.
        return done(changed ? 'updated' : 'unchanged', view);
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new ConflictError(
          `record ${record.sourceId} was imported by another import at the same moment; run the import again`,
        );
      throw error;
    }
  }

  /**
   * The id of an entry this actor may see, by its slug (the target of an imported link that is
   * not among the file's records). Hidden and unknown alike give null: a report must not tell of
   * another department's drafts.
   */
  async visibleEntryId(actor: TokenActor, slug: string): Promise<string | null> {
    return (await this.repository.findOne(actor, { slug }))?.entry.id ?? null;
  }

  /**
   * An imported link, made as every link is (EntriesService.link: the kinds, no PART_OF cycle,
   * who may write, the audit event); a link already there changes nothing.
   */
  async link(actor: TokenActor, fromId: string, toId: string, type: RelationType): Promise<void> {
    await this.entries.link(actor, fromId, toId, type);
  }
}
