import { INestApplication } from '@nestjs/common';
import { Role, systemActor, TokensService } from '@insyn/access';
import { DepartmentEntity, DepartmentsService } from '@insyn/registry';

/** The actors of the authorization matrix, each with a real bearer token (undefined: anonymous). */
export interface RegistryActors {
  departmentA: DepartmentEntity;
  departmentB: DepartmentEntity;
  tokens: {
    anonymous: undefined;
    editorA: string;
    editorB: string;
    reviewer: string;
    auditor: string;
    admin: string;
  };
}

export async function createRegistryActors(app: INestApplication): Promise<RegistryActors> {
  const departments = app.get(DepartmentsService);
  const tokens = app.get(TokensService);
  const setup = systemActor('test-setup');
  const departmentA = await departments.create(
    { slug: 'department-a', nameSv: 'Förvaltning A', nameEn: 'Department A' },
    setup,
  );
  const departmentB = await departments.create(
    { slug: 'department-b', nameSv: 'Förvaltning B', nameEn: 'Department B' },
    setup,
  );
  const token = async (label: string, role: Role, departmentId?: string) =>
    (await tokens.create({ label, role, departmentId, createdBy: 'test-setup' })).token;
  return {
    departmentA,
    departmentB,
    tokens: {
      anonymous: undefined,
      editorA: await token('editor-a', Role.EDITOR, departmentA.id),
      editorB: await token('editor-b', Role.EDITOR, departmentB.id),
      reviewer: await token('reviewer', Role.REVIEWER),
      auditor: await token('auditor', Role.AUDITOR),
      admin: await token('admin', Role.ADMIN),
    },
  };
}
