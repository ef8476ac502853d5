import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  PERSON_EMAIL_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  TOKEN_LABEL_MAX_LENGTH,
  TOKEN_MAX_LIFETIME_DAYS,
} from '@insyn/access';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '@insyn/registry';
import { charactersLimit, IsRecordId } from '../graphql/validation/input-fields';
import { Role } from './role.enum';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType('CreateApiTokenInput', {
  description: 'Whose token it is: `personId` (an existing person) or `personName` (a new one).',
})
export class CreateApiTokenInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The person the token is for (see `persons`). Give this or `personName`.',
  })
  @IsOptional()
  @IsRecordId()
  personId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `A new person the token is for; refused (CONFLICT, naming their id) when a person of that name exists. Give this or \`personId\`. ${charactersLimit(PERSON_NAME_MAX_LENGTH)}`,
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PERSON_NAME_MAX_LENGTH)
  personName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `The new person's e-mail (optional, with \`personName\` only), at most ${PERSON_EMAIL_MAX_LENGTH} characters.`,
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(PERSON_EMAIL_MAX_LENGTH)
  @IsEmail(
    { allow_display_name: false, allow_ip_domain: false },
    { message: 'personEmail must be an e-mail address' },
  )
  personEmail?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `The token's name, recorded on every action; by default the person's name. One line, with a letter or a digit; not \`cli\` or \`cli:…\` (how the command line records its operator), nor another person's name. ${charactersLimit(TOKEN_LABEL_MAX_LENGTH)}`,
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_LABEL_MAX_LENGTH)
  label?: string | null;

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

  // The DateTime scalar refuses what names no instant; TokensService checks the range, for the
  // CLI as well.
  @Field(() => Date, {
    nullable: true,
    description: `When the token stops authenticating: in the future, at most ${TOKEN_MAX_LIFETIME_DAYS} days ahead. Null or absent: no end date.`,
  })
  @IsOptional()
  expiresAt?: Date | null;
}
