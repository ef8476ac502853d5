import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum';

@ObjectType('ApiToken', {
  description:
    'A bearer API token, without its secret (shown once, at creation, and never again): the grant of one role (and, for an editor, one department) to a person. `createdAt`/`createdByLabel` say when and by whom it was granted, `revokedAt`/`revokedByLabel` when and by whom it was withdrawn, `expiresAt` when it ends by itself.',
})
export class ApiTokenObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The token’s name (by default its person’s); recorded on every action.' })
  label!: string;

  // `person` is resolved by ApiTokensResolver from this id (through the PersonLoader).
  personId!: string;

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

  @Field(() => String, { nullable: true, description: 'Label of whoever revoked it.' })
  revokedByLabel!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was last used (to the minute); null if never.',
  })
  lastUsedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it stops authenticating (from then on it is refused as a revoked one is); null for a token without an end date.',
  })
  expiresAt!: Date | null;
}
