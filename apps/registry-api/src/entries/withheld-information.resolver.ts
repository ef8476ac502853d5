import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { fieldsWithheldAlong, WithheldNotice } from '@insyn/registry';
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

  @ResolveField(() => Boolean, {
    description:
      'True in the public view of an earlier version that did not withhold this field itself: a later version withholds it, so its value stays withheld in the history too. False for the version that declared it, and for staff (who see each version as it was).',
  })
  byLaterVersion(@Parent() withheld: WithheldInformationObject): boolean {
    return (withheld as WithheldNotice).byLaterVersion === true;
  }
}
