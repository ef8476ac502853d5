import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Person', {
  description:
    'A person (or system) holding API tokens. Four eyes compares persons: whoever submitted a version cannot publish it with any of their tokens.',
})
export class PersonObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field({ description: 'When the person was recorded.' })
  createdAt!: Date;

  @Field({ description: 'Label of whoever recorded the person (an admin’s token, or `cli:…`).' })
  createdByLabel!: string;
}
