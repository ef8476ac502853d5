import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import {
  DEPARTMENT_NAME_MAX_LENGTH,
  DEPARTMENT_SLUG_MAX_LENGTH,
  DEPARTMENT_SLUG_PATTERN,
} from '@insyn/registry';

@InputType('CreateDepartmentInput')
export class CreateDepartmentInput {
  @Field({
    description: `Lower-case letters and digits in words joined by hyphens; unique. At most ${DEPARTMENT_SLUG_MAX_LENGTH} characters.`,
  })
  @IsString()
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH)
  @Matches(DEPARTMENT_SLUG_PATTERN, {
    message: 'slug must be lower-case letters and digits in words joined by single hyphens',
  })
  slug!: string;

  @Field({ description: `Name in Swedish, 1 to ${DEPARTMENT_NAME_MAX_LENGTH} characters.` })
  @IsString()
  @Length(1, DEPARTMENT_NAME_MAX_LENGTH)
  nameSv!: string;

  @Field({ description: `Name in English, 1 to ${DEPARTMENT_NAME_MAX_LENGTH} characters.` })
  @IsString()
  @Length(1, DEPARTMENT_NAME_MAX_LENGTH)
  nameEn!: string;
}
