import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role, TokenActor } from '@insyn/access';
import { BadInputError, characterCount, emptyTextProblem } from '@insyn/errors';
import { DEPARTMENT_SLUG_MAX_LENGTH, DepartmentsService } from '@insyn/registry';
import { CurrentTokenActor } from '../auth/current-token-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { FieldArg } from '../graphql/field-arg.decorator';
import { charactersLimit } from '../graphql/validation/input-fields';
import { underArgument } from '../graphql/field-paths';
import { LanguageArg } from '../graphql/language.enum';
import { CreateDepartmentInput } from './create-department.input';
import { toDepartmentObject } from './department.mapper';
import { DepartmentObject } from './department.object';

@Resolver(() => DepartmentObject)
export class DepartmentsResolver {
  constructor(private readonly service: DepartmentsService) {}

  @Query(() => [DepartmentObject], { description: 'Every department, by slug. Public.' })
  async departments(): Promise<DepartmentObject[]> {
    return (await this.service.list()).map(toDepartmentObject);
  }

  @Query(() => DepartmentObject, {
    nullable: true,
    description: 'The department with this slug, or null when there is none. Public.',
  })
  async department(
    @Args('slug', { description: charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH) }) slug: string,
  ): Promise<DepartmentObject | null> {
    if (emptyTextProblem(slug) !== null)
      throw new BadInputError([{ field: 'slug', message: 'must not be empty' }]);
    if (characterCount(slug) > DEPARTMENT_SLUG_MAX_LENGTH)
      throw new BadInputError([
        { field: 'slug', message: `must be at most ${DEPARTMENT_SLUG_MAX_LENGTH} characters` },
      ]);
    const department = await this.service.bySlug(slug);
    return department && toDepartmentObject(department);
  }

  @Mutation(() => DepartmentObject, {
    description:
      'ADMIN only. Creates a department. A slug already taken → CONFLICT naming `input.slug`.',
  })
  @Roles(Role.ADMIN)
  async createDepartment(
    @Args('input') input: CreateDepartmentInput,
    @CurrentTokenActor() actor: TokenActor,
  ): Promise<DepartmentObject> {
    const department = await underArgument('input', () => this.service.create(input, actor));
    return toDepartmentObject(department);
  }

  /** Called directly for every department of a page (see FieldArg): no parameter decorators. */
  @ResolveField(() => String, { description: 'Name in the requested language (sv or en).' })
  @FieldArg('language', { type: () => LanguageArg, defaultValue: LanguageArg.en })
  name(department: DepartmentObject, { language }: { language: LanguageArg }): string {
    return language === LanguageArg.sv ? department.nameSv : department.nameEn;
  }
}
