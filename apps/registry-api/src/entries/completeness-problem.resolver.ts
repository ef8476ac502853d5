import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { LanguageArg } from '../graphql/language.enum';
import { CompletenessProblemObject } from './objects/entry-support.objects';

/** The completeness report's plain-words message, in the language the caller asks for. */
@Resolver(() => CompletenessProblemObject)
export class CompletenessProblemResolver {
  @ResolveField(() => String, {
    description:
      'Why publication needs the field, in plain words, in the requested language (sv or en; English when not given).',
  })
  message(
    @Parent() problem: CompletenessProblemObject,
    @Args('language', { type: () => LanguageArg, defaultValue: LanguageArg.en })
    language: 'sv' | 'en', // not the enum type: under SWC its metadata is the enum object, which the validation pipe refuses
  ): string {
    return problem.messages[language];
  }
}
