import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import {
  PersonRef,
  Role,
  TOKEN_MAX_LIFETIME_DAYS,
  TokenActor,
  tokenDepartmentProblem,
  TokensService,
} from '@insyn/access';
import { BadInputError } from '@insyn/errors';
import { DepartmentsService } from '@insyn/registry';
import { CurrentTokenActor } from '../auth/current-token-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { DepartmentLoaders } from '../departments/department.loader';
import { toDepartmentObject } from '../departments/department.mapper';
import { DepartmentObject } from '../departments/department.object';
import { underArgument } from '../graphql/field-paths';
import { toApiTokenObject } from './api-token.mapper';
import { ApiTokenObject } from './api-token.object';
import { CreateApiTokenPayload } from './create-api-token-payload.object';
import { CreateApiTokenInput } from './create-api-token.input';
import { PersonLoaders } from './person.loaders';
import { toPersonObject } from './person.mapper';
import { PersonObject } from './person.object';

/** API tokens: ADMIN manages them; AUDITOR and ADMIN list them. */
@Resolver(() => ApiTokenObject)
export class ApiTokensResolver {
  constructor(
    private readonly tokens: TokensService,
    private readonly departments: DepartmentsService,
    private readonly departmentLoaders: DepartmentLoaders,
    private readonly personLoaders: PersonLoaders,
  ) {}

  @Query(() => [ApiTokenObject], {
    description:
      'AUDITOR and ADMIN only. Every API token (role grant), newest first, revoked ones included; never a secret.',
  })
  @Roles(Role.AUDITOR, Role.ADMIN)
  async apiTokens(): Promise<ApiTokenObject[]> {
    return (await this.tokens.list()).map(toApiTokenObject);
  }

  @Mutation(() => CreateApiTokenPayload, {
    description: `ADMIN only. Creates a token for a person (\`personId\`, or a new person by \`personName\`); its secret is in the answer and never shown again. EDITOR tokens need \`departmentSlug\`, the other roles must not have one. An \`expiresAt\` not in the future or more than ${TOKEN_MAX_LIFETIME_DAYS} days ahead → BAD_USER_INPUT naming \`input.expiresAt\`.`,
  })
  @Roles(Role.ADMIN)
  async createApiToken(
    @Args('input') input: CreateApiTokenInput,
    @CurrentTokenActor() actor: TokenActor,
  ): Promise<CreateApiTokenPayload> {
    const person = personOf(input);
    const problem = tokenDepartmentProblem(input.role, !!input.departmentSlug);
    if (problem) throw new BadInputError([{ field: 'input.departmentSlug', message: problem }]);
    let departmentId: string | null = null;
    if (input.departmentSlug) {
      const department = await this.departments.bySlug(input.departmentSlug);
      if (!department) {
        throw new BadInputError([
          { field: 'input.departmentSlug', message: 'there is no department with this slug' },
        ]);
      }
      departmentId = department.id;
    }
    const created = await underArgument('input', () =>
      this.tokens.create({
        label: input.label,
        person,
        role: input.role,
        departmentId,
        expiresAt: input.expiresAt,
        createdBy: actor,
      }),
    );
    return { token: created.token, apiToken: toApiTokenObject(created.entity) };
  }

  @Mutation(() => ApiTokenObject, {
    description:
      'ADMIN only. Revokes a token from the next request on. Unknown id → NOT_FOUND; already revoked → CONFLICT.',
  })
  @Roles(Role.ADMIN)
  async revokeApiToken(
    @Args('id', { type: () => ID }) id: string,
    @CurrentTokenActor() actor: TokenActor,
  ): Promise<ApiTokenObject> {
    return toApiTokenObject(await this.tokens.revoke(id, actor));
  }

  @ResolveField(() => PersonObject, { description: 'The person the token belongs to.' })
  async person(
    @Parent() token: ApiTokenObject,
    @Context('req') req: object,
  ): Promise<PersonObject> {
    return toPersonObject(await this.personLoaders.for(req).persons.load(token.personId));
  }

  @ResolveField(() => DepartmentObject, {
    nullable: true,
    description: 'The department of an EDITOR token; null for the other roles.',
  })
  async department(
    @Parent() token: ApiTokenObject,
    @Context('req') req: object,
  ): Promise<DepartmentObject | null> {
    const department = await this.departmentLoaders.for(req).loadOptional(token.departmentId);
    return department && toDepartmentObject(department);
  }
}

/** Whose token: exactly one of `personId` and `personName`; an e-mail only for a new person. */
function personOf(input: CreateApiTokenInput): PersonRef {
  const byId = input.personId != null;
  const byName = input.personName != null;
  if (byId === byName) {
    const message = byId
      ? 'give personId or personName, not both'
      : 'give personId (an existing person) or personName (a new one)';
    throw new BadInputError([
      { field: 'input.personId', message },
      { field: 'input.personName', message },
    ]);
  }
  if (byId) {
    if (input.personEmail != null) {
      throw new BadInputError([
        { field: 'input.personEmail', message: 'an e-mail is given for a new person only' },
      ]);
    }
    return { personId: input.personId! };
  }
  return { name: input.personName!, email: input.personEmail };
}
