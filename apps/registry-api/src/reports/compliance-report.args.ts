import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '@insyn/registry';
import { charactersLimit } from '../graphql/validation/input-fields';

@ArgsType()
export class ComplianceReportArgs {
  @Field(() => String, {
    nullable: true,
    description: `Slug of the department; without it, the city-wide report. ${charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH)}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH)
  departmentSlug?: string;
}
