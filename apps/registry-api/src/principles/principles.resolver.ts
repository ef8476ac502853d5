import { Args, Query, Resolver } from '@nestjs/graphql';
import { PrinciplesService } from '@insyn/registry';
import { Language, toPrincipleObject } from './principle.mapper';
import { PrincipleObject } from './principle.object';
import { LanguageArg } from '../graphql/language.enum';

@Resolver(() => PrincipleObject)
export class PrinciplesResolver {
  constructor(private readonly catalogue: PrinciplesService) {}

  @Query(() => [PrincipleObject], { description: 'The fixed catalogue of principles, in order.' })
  async principles(
    @Args('language', { type: () => LanguageArg, defaultValue: LanguageArg.en }) language: Language,
  ) {
    return (await this.catalogue.all()).map((p) => toPrincipleObject(p, language));
  }
}
