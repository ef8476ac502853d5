import { DataSource } from 'typeorm';
import {
  ApiTokenEntity,
  PersonEntity,
  Role,
  systemActor,
  TokenActor,
  TokensService,
} from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { DepartmentEntity, DepartmentsService } from '@insyn/registry';

/** The INSYN_TOKEN_SECRET of the API test harness; tokens made with it work against the harness. */
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef';

export type TestRole = 'admin' | 'reviewer' | 'auditor' | 'editorA' | 'editorB';

/** Two departments and a token for each role (editors: one per department). */
export interface TestTokens {
  departmentA: DepartmentEntity;
  departmentB: DepartmentEntity;
  /** Bearer secrets, for `api.graphql().as(tokens.editorA)`. */
  admin: string;
  reviewer: string;
  auditor: string;
  editorA: string;
  editorB: string;
  /** The same holders as actors, for calling services directly. */
  actors: Record<TestRole, TokenActor>;
  /** Their api_token rows. */
  entities: Record<TestRole, ApiTokenEntity>;
  /** The person of each token (`test admin`, …; one person per role). */
  persons: Record<TestRole, PersonEntity>;
}

const DEPARTMENTS = {
  a: { slug: 'department-a', nameSv: 'Förvaltning A', nameEn: 'Department A' },
  b: { slug: 'department-b', nameSv: 'Förvaltning B', nameEn: 'Department B' },
};

/**
 * Creates (or reuses) departments `department-a` and `department-b`, one person per role
 * (`test admin`, `test editorA`, …) and one token for each, through the real services, so audit
 * rows are written too (2 DEPARTMENT_CREATED and 5 PERSON_CREATED on first use, 5 TOKEN_CREATED
 * each call; count audit rows relative to after this).
 *
 *   const tokens = await createTestTokens(api.app.get(DataSource));
 *   await api.graphql().as(tokens.editorA).data(`mutation { … }`);
 */
export async function createTestTokens(
  dataSource: DataSource,
  tokenKey: string = TEST_TOKEN_SECRET,
): Promise<TestTokens> {
  const audit = new AuditLog();
  const departments = new DepartmentsService(dataSource, audit);
  const service = new TokensService(dataSource, tokenKey, audit);
  const setup = systemActor('test-setup');
  const department = async (input: typeof DEPARTMENTS.a) =>
    (await departments.bySlug(input.slug)) ?? departments.create(input, setup);
  const departmentA = await department(DEPARTMENTS.a);
  const departmentB = await department(DEPARTMENTS.b);

  const specs: Record<TestRole, { role: Role; departmentId?: string }> = {
    admin: { role: Role.ADMIN },
    reviewer: { role: Role.REVIEWER },
    auditor: { role: Role.AUDITOR },
    editorA: { role: Role.EDITOR, departmentId: departmentA.id },
    editorB: { role: Role.EDITOR, departmentId: departmentB.id },
  };
  const secrets = {} as Record<TestRole, string>;
  const actors = {} as Record<TestRole, TokenActor>;
  const entities = {} as Record<TestRole, ApiTokenEntity>;
  const persons = {} as Record<TestRole, PersonEntity>;
  for (const [name, spec] of Object.entries(specs) as [TestRole, (typeof specs)[TestRole]][]) {
    const existing = await dataSource
      .getRepository(PersonEntity)
      .findOneBy({ name: `test ${name}` });
    const { token, entity } = await service.create({
      label: `test ${name}`,
      person: existing ? { personId: existing.id } : { name: `test ${name}` },
      role: spec.role,
      departmentId: spec.departmentId,
      createdBy: setup,
    });
    secrets[name] = token;
    entities[name] = entity;
    persons[name] = await dataSource
      .getRepository(PersonEntity)
      .findOneByOrFail({ id: entity.personId });
    actors[name] = {
      kind: 'token',
      tokenId: entity.id,
      personId: entity.personId,
      label: entity.label,
      role: entity.role,
      departmentId: entity.departmentId,
    };
  }
  return { departmentA, departmentB, ...secrets, actors, entities, persons };
}
