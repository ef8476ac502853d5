import { Field, ObjectType } from '@nestjs/graphql';
import { ApiTokenObject } from './api-token.object';

@ObjectType('CreateApiTokenPayload')
export class CreateApiTokenPayload {
  @Field({
    description:
      'The secret to send as `Authorization: Bearer <token>`. Shown only here, once: keep it now.',
  })
  token!: string;

  @Field(() => ApiTokenObject)
  apiToken!: ApiTokenObject;
}
