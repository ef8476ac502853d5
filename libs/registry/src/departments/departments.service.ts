import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { personNameKey, TokenActor } from '@insyn/access';
import { AuditAction, AuditLog } from '@insyn/audit';
import {
  BadInputError,
  characterCount,
  ConflictError,
  FieldProblem,
  isOneLine,
  textProblem,
} from '@insyn/errors';
import { isNamingTitle } from '../entries/entry-title';
import { departmentColumnsSql, departmentOfRow } from './department-columns';
import { DepartmentEntity } from './department.entity';
import {
  DEPARTMENT_NAME_MAX_LENGTH,
  DEPARTMENT_SLUG_MAX_LENGTH,
  DEPARTMENT_SLUG_PATTERN,
} from './department-rules';

export interface CreateDepartmentInput {
  slug: string;
  nameSv: string;
  nameEn: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Advisory lock id of department creations (see create). */
const DEPARTMENT_CREATION_LOCK = 7_270_060;

/**
 * City departments. Field names in errors are those of `CreateDepartmentInput` (`slug`, …);
 * transports prefix them with their argument name.
 * Outside Nest: `new DepartmentsService(dataSource, new AuditLog())`.
 */
@Injectable()
export class DepartmentsService {
  /**
   * Slugs found to name a department. The app's role may only insert departments (never update
   * or delete one: see app-privileges), so a slug once found names one for good.
   */
  private readonly knownSlugs = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Creates a department and its audit row in one transaction (the caller's, when given).
   * Bad fields → BAD_USER_INPUT; a slug already taken → CONFLICT naming `slug`.
   */
  async create(
    input: CreateDepartmentInput,
    actor: TokenActor,
    manager?: EntityManager,
  ): Promise<DepartmentEntity> {
    const values = {
      slug: input.slug.trim(),
      nameSv: input.nameSv.trim(),
      nameEn: input.nameEn.trim(),
    };
    const problems = departmentInputProblems(values);
    if (problems.length) throw new BadInputError(problems);
    const taken = () =>
      new ConflictError(`A department with the slug "${values.slug}" already exists`, [
        { field: 'slug', message: 'a department with this slug already exists' },
      ]);

    const work = async (m: EntityManager): Promise<DepartmentEntity> => {
      // One creation at a time: no index can hold the names' rule, so two creations of one name
      // must not both read the departments before either has inserted.
      await m.query('SELECT pg_advisory_xact_lock($1)', [DEPARTMENT_CREATION_LOCK]);
      if (await m.existsBy(DepartmentEntity, { slug: values.slug })) throw taken();
      // Two departments of one name would be told apart by nobody reading the register: names
      // compared as person names are (case, spacing, look-alike letters). Departments are few.
      const existing = await m.getRepository(DepartmentEntity).find();
      for (const field of ['nameSv', 'nameEn'] as const) {
        const key = personNameKey(values[field]);
        const same = existing.find((d) => personNameKey(d[field]) === key);
        if (same) {
          throw new ConflictError(`The department "${same.slug}" already has this name`, [
            { field, message: `the department "${same.slug}" already has this name` },
          ]);
        }
      }
      const inserted = await m.insert(DepartmentEntity, values);
      const id = (inserted.identifiers[0] as { id: string }).id;
      const department = await m.findOneByOrFail(DepartmentEntity, { id });
      await this.audit.record(m, {
        action: AuditAction.DEPARTMENT_CREATED,
        actor,
        departmentId: department.id,
        details: values,
      });
      return department;
    };
    try {
      return await (manager ? work(manager) : this.dataSource.transaction(work));
    } catch (error) {
      // Two creations racing for one slug: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw taken();
      throw error;
    }
  }

  /** Every department, by slug. */
  list(): Promise<DepartmentEntity[]> {
    return this.dataSource.getRepository(DepartmentEntity).find({ order: { slug: 'ASC' } });
  }

  bySlug(slug: string): Promise<DepartmentEntity | null> {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ slug });
  }

  /**
   * The slugs of `slugs` that name no department, for filters that name departments. Slugs
   * found before cost no statement (list queries filter by department often); the others are
   * looked up in one indexed statement, as another process may have created their department.
   */
  async unknownSlugs(slugs: readonly string[]): Promise<string[]> {
    const unseen = [...new Set(slugs)].filter((slug) => !this.knownSlugs.has(slug));
    if (!unseen.length) return [];
    const rows: { slug: string }[] = await this.dataSource.query(
      'SELECT d.slug FROM department d WHERE d.slug = ANY($1::text[])',
      [unseen],
    );
    for (const { slug } of rows) this.knownSlugs.add(slug);
    return unseen.filter((slug) => !this.knownSlugs.has(slug));
  }

  /** With `manager`, on its connection (a transaction's: it asks the pool for no other). */
  async byId(id: string, manager?: EntityManager): Promise<DepartmentEntity | null> {
    if (!UUID.test(id)) return null;
    return (manager ?? this.dataSource.manager).getRepository(DepartmentEntity).findOneBy({ id });
  }

  /**
   * The departments with these ids, in one query (for DataLoader); unknown ids are left out.
   * Plain SQL: every entry page asks for its departments, and a `find` costs more to build than
   * this small table costs to read.
   */
  async byIds(ids: readonly string[]): Promise<DepartmentEntity[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (!valid.length) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${departmentColumnsSql('d', '')} FROM department d WHERE d.id = ANY($1::uuid[])`,
      [valid],
    );
    return rows.map((row) => departmentOfRow(row, '')!);
  }

  /** Whether any department exists (an empty database gets demo data). */
  async any(manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource.manager).getRepository(DepartmentEntity).exists({ take: 1 });
  }
}

function departmentInputProblems(values: CreateDepartmentInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!DEPARTMENT_SLUG_PATTERN.test(values.slug)) {
    problems.push({
      field: 'slug',
      message: 'slug must be lower-case letters and digits in words joined by single hyphens',
    });
  }
  if (values.slug.length > DEPARTMENT_SLUG_MAX_LENGTH) {
    problems.push({
      field: 'slug',
      message: `slug must be at most ${DEPARTMENT_SLUG_MAX_LENGTH} characters`,
    });
  }
  for (const field of ['nameSv', 'nameEn'] as const) {
    // The API's text rule; the CLI reaches this without the API in front of it.
    const problem =
      textProblem(values[field]) ?? (isOneLine(values[field]) ? undefined : 'must be one line');
    if (problem) problems.push({ field, message: `${field} ${problem}` });
    else if (!values[field] || characterCount(values[field]) > DEPARTMENT_NAME_MAX_LENGTH) {
      problems.push({
        field,
        message: `${field} must be 1 to ${DEPARTMENT_NAME_MAX_LENGTH} characters`,
      });
    } else if (!isNamingTitle(values[field])) {
      // A name of invisible or format characters alone would show as nothing in every list.
      problems.push({ field, message: `${field} must contain a letter or a digit` });
    }
  }
  return problems;
}
