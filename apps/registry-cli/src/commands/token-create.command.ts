import { AuditLog } from '@insyn/audit';
import { resolveTokenKey, Role, tokenDepartmentProblem, TokensService } from '@insyn/access';
import { DepartmentsService } from '@insyn/registry';
import { CliCommand } from '../cli-command';
import { operatorLabel } from '../operator-label';

const ROLES = Object.values(Role) as string[];

/**
 * Creates an API token and prints it. The token alone is the last line of stdout, so scripts can
 * capture it: `TOKEN=$(npm run -s cli -- token:create --role ADMIN --label ci | tail -n 1)`.
 */
export const tokenCreateCommand: CliCommand = {
  name: 'token:create',
  usage:
    'token:create --role ROLE --label LABEL [--department SLUG]   create an API token (EDITOR needs --department); prints it once',
  options: {
    role: { type: 'string' },
    label: { type: 'string' },
    department: { type: 'string' },
  },
  async run(values, { config, dataSource, print }) {
    const role = typeof values.role === 'string' ? values.role.toUpperCase() : '';
    const label = typeof values.label === 'string' ? values.label.trim() : '';
    const slug = typeof values.department === 'string' ? values.department.trim() : undefined;
    if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (!label) throw new Error('--label is required: the person or system the token is for');
    const problem = tokenDepartmentProblem(role as Role, !!slug);
    if (problem) throw new Error(`--department: ${problem}`);

    const audit = new AuditLog();
    let departmentId: string | null = null;
    if (slug) {
      const department = await new DepartmentsService(dataSource, audit).bySlug(slug);
      if (!department) throw new Error(`--department: there is no department "${slug}"`);
      departmentId = department.id;
    }
    const tokens = new TokensService(dataSource, resolveTokenKey(config), audit);
    const { token, entity } = await tokens.create({
      label,
      role: role as Role,
      departmentId,
      createdBy: operatorLabel(),
    });
    print(
      `Created ${entity.role} token "${entity.label}"${slug ? ` for ${slug}` : ''} (id ${entity.id}). It is shown once, on the next line:`,
    );
    print(token);
  },
};
