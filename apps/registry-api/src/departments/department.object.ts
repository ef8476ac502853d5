import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Department', { description: 'A city department; it owns registry entries.' })
export class DepartmentObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable, URL-safe name, e.g. `trafikkontoret`.' })
  slug!: string;

  @Field({ description: 'Name in Swedish.' })
  nameSv!: string;

  @Field({ description: 'Name in English.' })
  nameEn!: string;

  // `name(language)` is resolved by DepartmentsResolver.
}
