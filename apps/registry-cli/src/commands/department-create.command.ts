import { systemActor } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { DepartmentsService } from '@insyn/registry';
import { CliCommand } from '../cli-command';
import { operatorLabel } from '../operator-label';

/** Creates a department (the slug is permanent; names can be in Swedish and English). */
export const departmentCreateCommand: CliCommand = {
  name: 'department:create',
  usage: 'department:create --slug SLUG --name-sv NAME --name-en NAME   create a department',
  options: {
    slug: { type: 'string' },
    'name-sv': { type: 'string' },
    'name-en': { type: 'string' },
  },
  async run(values, { dataSource, print }) {
    const option = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
    const missing = ['slug', 'name-sv', 'name-en'].filter((name) => !option(name).trim());
    if (missing.length) throw new Error(`required: ${missing.map((m) => `--${m}`).join(', ')}`);
    const departments = new DepartmentsService(dataSource, new AuditLog());
    const department = await departments.create(
      { slug: option('slug'), nameSv: option('name-sv'), nameEn: option('name-en') },
      systemActor(operatorLabel()),
    );
    print(`Created department ${department.slug} (id ${department.id}).`);
  },
};
