import { DepartmentEntity } from './department.entity';

/** The department's properties and their columns, in one place for every plain-SQL read. */
const DEPARTMENT_COLUMNS = {
  id: 'id',
  slug: 'slug',
  nameSv: 'name_sv',
  nameEn: 'name_en',
  createdAt: 'created_at',
} as const satisfies Record<keyof DepartmentEntity, string>;

/** Every column of department `alias`, as `<prefix><property>` (`d.name_sv AS "d_nameSv"`). */
export function departmentColumnsSql(alias: string, prefix: string): string {
  return Object.entries(DEPARTMENT_COLUMNS)
    .map(([property, column]) => `${alias}.${column} AS "${prefix}${property}"`)
    .join(', ');
}

/**
 * The department of a row read with `departmentColumnsSql(…, prefix)`, as `find` would give it;
 * null when the row has none (a LEFT JOIN that found nothing).
 */
export function departmentOfRow(
  row: Record<string, unknown>,
  prefix: string,
): DepartmentEntity | null {
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return null;
  const department = new DepartmentEntity();
  for (const property of Object.keys(DEPARTMENT_COLUMNS) as (keyof DepartmentEntity)[])
    (department as unknown as Record<string, unknown>)[property] = row[`${prefix}${property}`];
  return department;
}
