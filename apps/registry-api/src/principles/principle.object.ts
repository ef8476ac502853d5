import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Principle', {
  description: 'One of the five digital-rights principles of the city strategy.',
})
export class PrincipleObject {
  @Field({ description: 'Stable code, e.g. PRIVACY_AND_SECURITY.' })
  code!: string;

  @Field({ description: 'Title in English.' })
  titleEn!: string;

  @Field({ description: 'Title in Swedish.' })
  titleSv!: string;

  @Field(() => String, { description: 'Title in the requested language (sv or en).' })
  title!: string;
}
