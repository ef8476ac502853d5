import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, requireToken, Role } from '@insyn/access';
import { ConcernsRepository } from '@insyn/concerns';
import { InsynConfig } from '@insyn/config';
import { BadInputError, ForbiddenError } from '@insyn/errors';
import { DepartmentEntity, RegistryClock } from '@insyn/registry';
import { ComplianceReport } from './compliance-report';

/** The published entries in scope: $1 the department (null: every department). */
const PUBLISHED = `FROM entry e JOIN entry_version v ON v.id = e.published_version_id
  WHERE e.retired_at IS NULL AND ($1::uuid IS NULL OR e.department_id = $1::uuid)`;

/**
 * The compliance report: every figure is an aggregate computed in PostgreSQL (no entry is
 * loaded), in one read-only, repeatable-read transaction so the sections agree with each other.
 * Staff only; an editor gets the report of their own department.
 */
@Injectable()
export class ComplianceReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: RegistryClock,
    private readonly concerns: ConcernsRepository,
    private readonly config: InsynConfig,
  ) {}

  /** The report of the department with this slug, or city-wide when no slug is given. */
  async report(actor: Actor, departmentSlug?: string | null): Promise<ComplianceReport> {
    const by = requireToken(actor);
    const department = departmentSlug ? await this.department(departmentSlug) : null;
    if (by.role === Role.EDITOR && (!department || department.id !== by.departmentId))
      throw new ForbiddenError('An editor gets the compliance report of their own department only');
    return this.compute(department);
  }

  /** Every department, in name order (the CLI reports each in turn). */
  departments(): Promise<DepartmentEntity[]> {
    return this.dataSource.getRepository(DepartmentEntity).find({ order: { slug: 'ASC' } });
  }

  /** The report of a department (null: city-wide), without an access check (operator commands). */
  async compute(department: DepartmentEntity | null): Promise<ComplianceReport> {
    const now = this.clock.now();
    const today = this.clock.today();
    const id = department?.id ?? null;
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const [byKind, [figures], missing, principles] = await sequence(m, [
        [
          `SELECT e.kind, e.status, count(*)::int AS count FROM entry e
            WHERE ($1::uuid IS NULL OR e.department_id = $1::uuid)
            GROUP BY e.kind, e.status ORDER BY e.kind, e.status`,
          [id],
        ],
        [
          `SELECT count(*)::int AS published,
                  count(*) FILTER (WHERE e.status IN ('DRAFT', 'IN_REVIEW'))::int AS pending,
                  count(*) FILTER (WHERE cardinality(v.public_missing) > 0)::int AS missing,
                  count(*) FILTER (WHERE v.review_due_date < $2::date)::int AS overdue_reviews,
                  count(*) FILTER (WHERE v.filter_facts->>'biasAssessmentDate'
                    < to_char($2::date - interval '12 months', 'YYYY-MM-DD'))::int AS stale_bias,
                  count(*) FILTER (WHERE e.kind = 'ALGORITHM'
                    AND (v.risk_class = 'HIGH' OR v.ai_act_class = 'HIGH_RISK')
                    AND v.filter_facts->'impactAssessmentTypes' IS NULL)::int AS high_risk
           ${PUBLISHED}`,
          [id, today],
        ],
        [
          `SELECT m.path, count(*)::int AS count
             FROM entry e JOIN entry_version v ON v.id = e.published_version_id,
                  unnest(v.public_missing) AS m(path)
            WHERE e.retired_at IS NULL AND ($1::uuid IS NULL OR e.department_id = $1::uuid)
            GROUP BY m.path ORDER BY count(*) DESC, m.path`,
          [id],
        ],
        [
          `SELECT p.code, count(e.id)::int AS entries
             FROM principle p
             LEFT JOIN (entry e JOIN entry_version v ON v.id = e.published_version_id)
               ON p.code = ANY(v.principle_codes) AND e.retired_at IS NULL
              AND ($1::uuid IS NULL OR e.department_id = $1::uuid)
            GROUP BY p.code, p.position ORDER BY p.position`,
          [id],
        ],
      ]);
      const targetDays = this.config.INSYN_CONCERN_TARGET_DAYS;
      const concerns = await this.concerns.responseFigures(id, now, targetDays, m);
      const published = Number(figures.published);
      return {
        departmentId: id,
        departmentSlug: department?.slug ?? null,
        departmentName: department?.nameSv ?? null,
        today,
        entriesByKindAndStatus: byKind.map((r) => ({
          kind: String(r.kind),
          status: String(r.status),
          count: Number(r.count),
        })),
        published,
        publishedWithPendingVersion: Number(figures.pending),
        publishedMissingDisclosures: Number(figures.missing),
        missingDisclosures: missing.map((r) => ({ path: String(r.path), count: Number(r.count) })),
        overdueReviews: Number(figures.overdue_reviews),
        biasAssessmentsOlderThan12Months: Number(figures.stale_bias),
        highRiskWithoutImpactAssessment: Number(figures.high_risk),
        concerns: { ...concerns, targetDays },
        principles: principles.map((r) => ({
          code: String(r.code),
          entries: Number(r.entries),
          share: published ? Math.round((Number(r.entries) / published) * 10_000) / 10_000 : 0,
        })),
      };
    });
  }

  private async department(slug: string): Promise<DepartmentEntity> {
    const department = await this.dataSource
      .getRepository(DepartmentEntity)
      .findOne({ where: { slug } });
    if (!department)
      throw new BadInputError([
        { field: 'departmentSlug', message: `no department has the slug "${slug}"` },
      ]);
    return department;
  }
}

type Row = Record<string, unknown>;

/** The statements one after the other on the transaction's connection. */
async function sequence(m: EntityManager, statements: [string, unknown[]][]): Promise<Row[][]> {
  const results: Row[][] = [];
  for (const [sql, params] of statements) results.push((await m.query(sql, params)) as Row[]);
  return results;
}
