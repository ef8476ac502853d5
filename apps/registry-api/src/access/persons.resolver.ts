import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PersonsService, Role } from '@insyn/access';
import { Roles } from '../auth/roles.decorator';
import { toApiTokenObject } from './api-token.mapper';
import { ApiTokenObject } from './api-token.object';
import { PersonLoaders } from './person.loaders';
import { toPersonObject } from './person.mapper';
import { PersonObject } from './person.object';

/** Persons and their tokens: AUDITOR and ADMIN (read only; persons are made with tokens). */
@Resolver(() => PersonObject)
export class PersonsResolver {
  constructor(
    private readonly personsService: PersonsService,
    private readonly personLoaders: PersonLoaders,
  ) {}

  @Query(() => [PersonObject], {
    description:
      'AUDITOR and ADMIN only. Every person holding or having held a token, by name, with when and by whom each was recorded.',
  })
  @Roles(Role.AUDITOR, Role.ADMIN)
  async persons(): Promise<PersonObject[]> {
    return (await this.personsService.list()).map(toPersonObject);
  }

  @ResolveField(() => [ApiTokenObject], {
    description:
      'The person’s tokens, oldest first, revoked ones included: each the grant of one role, with when and by whom it was made and revoked.',
  })
  async tokens(
    @Parent() person: PersonObject,
    @Context('req') req: object,
  ): Promise<ApiTokenObject[]> {
    return (await this.personLoaders.for(req).tokensOfPerson.load(person.id)).map(toApiTokenObject);
  }
}
