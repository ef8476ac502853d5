import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { EntryConnectionObject } from './objects/entry-support.objects';

/** `totalCount` is counted only when a query asks for it. */
@Resolver(() => EntryConnectionObject)
export class EntryConnectionResolver {
  @ResolveField(() => Int)
  totalCount(@Parent() connection: EntryConnectionObject): Promise<number> {
    return connection.countAll();
  }
}
