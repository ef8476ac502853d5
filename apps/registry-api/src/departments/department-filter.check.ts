import { BadInputError, FieldProblem } from '@insyn/errors';
import { DepartmentsService } from '@insyn/registry';

/** A filter that names departments by slug, with its `anyOf` groups (when it has them). */
interface DepartmentFilter {
  department?: readonly string[] | null;
  anyOf?: readonly DepartmentFilter[] | null;
}

/**
 * Refuses a filter naming a department that does not exist (BAD_USER_INPUT naming the field, as
 * complianceReport and auditLog do): a mistyped slug would otherwise read as "no entries". A
 * department without published entries exists, and filters to none. Department slugs are public,
 * so the message may repeat the slug. One lookup for the whole filter, none for slugs known.
 */
export async function refuseUnknownDepartments(
  departments: DepartmentsService,
  filter: DepartmentFilter | null | undefined,
  path = 'filter',
): Promise<void> {
  const lists: { field: string; slugs: readonly string[] }[] = [];
  const collect = (f: DepartmentFilter, at: string) => {
    if (f.department?.length) lists.push({ field: `${at}.department`, slugs: f.department });
    f.anyOf?.forEach((group, i) => collect(group, `${at}.anyOf.${i}`));
  };
  if (filter) collect(filter, path);
  if (!lists.length) return;
  const unknown = new Set(await departments.unknownSlugs(lists.flatMap((l) => l.slugs)));
  if (!unknown.size) return;
  const problems: FieldProblem[] = lists.flatMap(({ field, slugs }) =>
    slugs
      .filter((slug) => unknown.has(slug))
      .map((slug) => ({ field, message: `no department has the slug "${slug}"` })),
  );
  throw new BadInputError(problems);
}
