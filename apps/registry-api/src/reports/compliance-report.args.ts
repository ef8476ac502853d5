import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '@insyn/registry';
import { charactersLimit, NamesSomethingIfGiven } from '../graphql/validation/input-fields';

@ArgsType()
export class ComplianceReportArgs {
  @Field(() => String, {
    nullable: true,
    description: `Slug of the department; without it, the city-wide report. ${charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH)}`,
  })
  @IsOptional()
  @IsString()
  @NamesSomethingIfGiven('leave it out for the city-wide report')
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH)
  departmentSlug?: string;
}
