import { FilterColumn, FilterFact } from '../catalogue';
import { EntryStatus, LifecycleStage } from './entry-enums';
import { EntryListFilter } from './entry-list-options';

/** The SQL the visibility policy gives for one reader: what each filter may read. */
export interface FilterSqlContext {
  column(name: FilterColumn): string;
  /** The filter facts JSON this reader may filter on. */
  facts: string;
  /** The status this reader sees. */
  status: string;
  /** That status is one of these (`list`: them as an SQL list). */
  statusIn(statuses: readonly EntryStatus[], list: string): string;
  /** When the version this reader sees last changed (`updatedSince`, and the list's order). */
  updatedAt: string;
  /** Whether a filter fact of the row is withheld from this reader (unknown to them). */
  factWithheld(fact: FilterFact): string;
  /** Whether the row has a pending draft, as this reader may know it. */
  pendingDraft: string;
  /** Today (`YYYY-MM-DD`), the registry clock's. */
  today: string;
}

export interface FilterSql {
  where: string;
  params: Record<string, unknown>;
}

/**
 * The lifecycle stage of row `e` as lists count it (`stage`: the column the reader sees; `status`:
 * the status they see): RETIRED for a retired entry, whose content stays as it stood.
 */
export const lifecycleStageSql = (stage: string, status: string): string =>
  `CASE WHEN ${status} = 'RETIRED' THEN 'RETIRED' ELSE ${stage} END`;

/** Deepest nesting of `anyOf` (a filter inside an `anyOf` may not have one). */
export const MAX_ANY_OF_DEPTH = 1;

/**
 * A list filter as one SQL condition: values within a field are OR, fields are AND, and `anyOf`
 * holds when any of its filters does. Parameters are prefixed, so groups never collide.
 */
export function filterSql(filter: EntryListFilter, sql: FilterSqlContext, prefix = 'f'): FilterSql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const param = (name: string, value: unknown) => {
    const key = `${prefix}_${name}`;
    params[key] = value;
    return `:${key}`;
  };
  const list = (name: string, value: unknown[]) => {
    const key = `${prefix}_${name}`;
    params[key] = value;
    return `(:...${key})`;
  };
  const anyFact = (fact: string, values: string[] | undefined, asList = false) => {
    if (!values?.length) return;
    where.push(
      `(${values
        .map(
          (v, i) =>
            `${sql.facts} @> ${param(`${fact}${i}`, JSON.stringify({ [fact]: asList ? [v] : v }))}::jsonb`,
        )
        .join(' OR ')})`,
    );
  };

  const f = filter;
  if (f.kinds?.length) where.push(`e.kind IN ${list('kinds', f.kinds)}`);
  if (f.departmentSlugs?.length)
    where.push(
      `e.department_id IN (SELECT d.id FROM department d WHERE d.slug IN ${list('departments', f.departmentSlugs)})`,
    );
  if (f.principleCodes?.length)
    where.push(`${sql.column('principleCodes')} && ${param('principles', f.principleCodes)}`);
  if (f.lifecycleStages?.length) {
    // A retired entry is in the stage RETIRED, whatever stage its last version named
    // (lifecycleStageSql; as search counts it): "in use" never finds a retired entry.
    const stages = `${sql.column('lifecycleStage')} IN ${list('stages', f.lifecycleStages)}`;
    where.push(
      f.lifecycleStages.includes(LifecycleStage.RETIRED)
        ? `(${stages} OR ${sql.status} = 'RETIRED')`
        : `(${stages} AND ${sql.status} <> 'RETIRED')`,
    );
  }
  if (f.riskClasses?.length)
    where.push(`${sql.column('riskClass')} IN ${list('risk', f.riskClasses)}`);
  if (f.aiActClasses?.length)
    where.push(`${sql.column('aiActClass')} IN ${list('aiAct', f.aiActClasses)}`);
  if (f.personalData?.length)
    where.push(`${sql.column('personalData')} IN ${list('personal', f.personalData)}`);
  if (f.themes?.length) where.push(`${sql.column('theme')} IN ${list('themes', f.themes)}`);
  if (f.statuses?.length) where.push(sql.statusIn(f.statuses, list('statuses', f.statuses)));
  if (f.updatedSince) where.push(`${sql.updatedAt} >= ${param('updatedSince', f.updatedSince)}`);
  const due = sql.column('reviewDueDate');
  if (f.reviewOverdue !== undefined) {
    const today = `CAST(${param('today', sql.today)} AS date)`;
    // A retired entry is due for no review (as the search, the site and the compliance report
    // count it): only a live entry's past due date is overdue.
    where.push(
      f.reviewOverdue
        ? `(${due} < ${today} AND ${sql.status} <> 'RETIRED')`
        : `(${due} IS NULL OR ${due} >= ${today} OR ${sql.status} = 'RETIRED')`,
    );
  }
  if (f.reviewDueBefore)
    where.push(`${due} < CAST(${param('dueBefore', f.reviewDueBefore)} AS date)`);
  if (f.hasPublishedVersion !== undefined)
    where.push(`e.published_version_id IS ${f.hasPublishedVersion ? 'NOT ' : ''}NULL`);
  if (f.hasPendingDraft !== undefined)
    where.push(f.hasPendingDraft ? sql.pendingDraft : `NOT (${sql.pendingDraft})`);
  if (f.publishedFrom) where.push(`v.published_at >= ${param('publishedFrom', f.publishedFrom)}`);
  if (f.publishedTo) where.push(`v.published_at < ${param('publishedTo', f.publishedTo)}`);
  const biasDate = `(${sql.facts}->>'biasAssessmentDate')`;
  if (f.biasAssessedBefore)
    where.push(`${biasDate} < ${param('biasBefore', f.biasAssessedBefore)}`);
  if (f.biasAssessedAfter) where.push(`${biasDate} >= ${param('biasAfter', f.biasAssessedAfter)}`);
  for (const [i, type] of (f.impactAssessmentPresent ?? []).entries())
    where.push(
      `${sql.facts} @> ${param(`iaHas${i}`, JSON.stringify({ impactAssessmentTypes: [type] }))}::jsonb`,
    );
  // Missing only where the reader knows the types: withheld, they are unknown, not none.
  for (const [i, type] of (f.impactAssessmentMissing ?? []).entries())
    where.push(
      `(NOT (${sql.facts} @> ${param(`iaMissing${i}`, JSON.stringify({ impactAssessmentTypes: [type] }))}::jsonb) AND NOT ${sql.factWithheld('impactAssessmentTypes')})`,
    );
  anyFact(
    'suppliers',
    f.suppliers?.map((s) => s.trim().toLowerCase()),
    true,
  );
  anyFact('automationLevel', f.automationLevels);
  anyFact('algorithmType', f.algorithmTypes);
  anyFact('sensorType', f.sensorTypes);
  if (f.anyOf?.length) {
    const groups = f.anyOf.map((group, i) => filterSql(group, sql, `${prefix}${i}`));
    where.push(`(${groups.map((g) => `(${g.where})`).join(' OR ')})`);
    for (const g of groups) Object.assign(params, g.params);
  }
  return { where: where.length ? where.join(' AND ') : 'TRUE', params };
}
