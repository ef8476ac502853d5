import { systemActor } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { DepartmentsService } from '@insyn/registry';
import { CliCommand, CliValues, refuseBadUsage } from '../cli-command';
import { operatorLabel } from '../operator-label';

const option = (values: CliValues, name: string): string =>
  typeof values[name] === 'string' ? values[name] : '';

function usageProblem(values: CliValues): string | null {
  const missing = ['slug', 'name-sv', 'name-en'].filter((name) => !option(values, name).trim());
  return missing.length ? `required: ${missing.map((m) => `--${m}`).join(', ')}` : null;
}

/** Creates a department (the slug is permanent; names can be in Swedish and English). */
export const departmentCreateCommand: CliCommand = {
  name: 'department:create',
  usage: 'department:create --slug SLUG --name-sv NAME --name-en NAME   create a department',
  options: {
    slug: { type: 'string' },
    'name-sv': { type: 'string' },
    'name-en': { type: 'string' },
  },
  usageProblem,
  async run(values, { dataSource, print }) {
    refuseBadUsage(usageProblem(values));
    const departments = new DepartmentsService(dataSource, new AuditLog());
    const department = await departments.create(
      {
        slug: option(values, 'slug'),
        nameSv: option(values, 'name-sv'),
        nameEn: option(values, 'name-en'),
      },
      systemActor(operatorLabel()),
    );
    print(`Created department ${department.slug} (id ${department.id}).`);
  },
};
