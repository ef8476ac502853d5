import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum';

@ObjectType('ApiToken', {
  description: 'A bearer API token, without its secret (shown once, at creation, and never again).',
})
export class ApiTokenObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The person or system the token belongs to; recorded on every action.' })
  label!: string;

  @Field(() => Role)
  role!: Role;

  // `department` is resolved by ApiTokensResolver from this id (through the DepartmentLoader).
  departmentId!: string | null;

  @Field({ description: 'The first characters of the token, to recognise it.' })
  prefix!: string;

  @Field()
  createdAt!: Date;

  @Field({ description: 'Label of whoever created the token.' })
  createdByLabel!: string;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while valid.' })
  revokedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was last used (to the minute); null if never.',
  })
  lastUsedAt!: Date | null;
}
