import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { TOKEN_LABEL_MAX_LENGTH } from '@insyn/access';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '@insyn/registry';
import { charactersLimit } from '../graphql/validation/input-fields';
import { Role } from './role.enum';

@InputType('CreateApiTokenInput')
export class CreateApiTokenInput {
  @Field({
    description: `The person or system the token is for, 1 to ${TOKEN_LABEL_MAX_LENGTH} characters.`,
  })
  @IsString()
  @Length(1, TOKEN_LABEL_MAX_LENGTH)
  label!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field(() => String, {
    nullable: true,
    description: `Slug of the department of an EDITOR token (required for EDITOR, refused otherwise). ${charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH)}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH)
  departmentSlug?: string | null;
}
