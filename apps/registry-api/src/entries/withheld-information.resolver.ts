import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { fieldsWithheldAlong } from '@insyn/registry';
import { WithheldInformationObject } from './objects/shared-content.objects';

/** What a withholding takes along with it, so that staff know what the public will not see. */
@Resolver(() => WithheldInformationObject)
export class WithheldInformationResolver {
  @ResolveField(() => [String], {
    description:
      'Fields withheld from the public along with this one, on the same ground and for as long, because they would give it away (e.g. whether the deployer is a public body, beside a withheld AI Act class). The public notice lists them as well.',
  })
  alsoWithheld(@Parent() withheld: WithheldInformationObject): string[] {
    return fieldsWithheldAlong(withheld.field);
  }
}
