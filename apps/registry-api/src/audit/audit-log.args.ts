import { RoundedUpBound } from '../graphql/scalars/date-time.scalar';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TOKEN_LABEL_MAX_LENGTH } from '@insyn/access';
import { DEPARTMENT_SLUG_MAX_LENGTH } from '@insyn/registry';
import {
  charactersLimit,
  count,
  cursorDescription,
  NamesSomethingIfGiven,
  IsRecordId,
} from '../graphql/validation/input-fields';
import { AuditAction } from './audit-action.enum';

export const AUDIT_LOG_MAX_PAGE_SIZE = 100;
/** Audit cursors are a bigint id, base64-encoded. */
const CURSOR_MAX_LENGTH = 100;

@InputType('AuditLogFilterInput', { description: 'Every filter given must match.' })
export class AuditLogFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsRecordId()
  entryId?: string;

  @Field(() => String, {
    nullable: true,
    description: `Slug of the department. ${charactersLimit(DEPARTMENT_SLUG_MAX_LENGTH)}`,
  })
  @IsOptional()
  @IsString()
  @NamesSomethingIfGiven('leave it out not to filter by it')
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH)
  departmentSlug?: string;

  @Field(() => String, {
    nullable: true,
    description: `Exact label of the actor. ${charactersLimit(TOKEN_LABEL_MAX_LENGTH)}`,
  })
  @IsOptional()
  @IsString()
  @NamesSomethingIfGiven('leave it out not to filter by it')
  @MaxLength(TOKEN_LABEL_MAX_LENGTH)
  actorLabel?: string;

  @Field(() => AuditAction, { nullable: true })
  @IsOptional()
  @IsEnum(AuditAction)
  action?: AuditAction;

  @Field(() => Date, { nullable: true, description: 'From this instant on (inclusive).' })
  @IsOptional()
  @IsDate()
  @RoundedUpBound()
  since?: Date;

  @Field(() => Date, { nullable: true, description: 'Before this instant (exclusive).' })
  @IsOptional()
  @IsDate()
  @RoundedUpBound()
  until?: Date;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilterInput)
  filter?: AuditLogFilterInput;

  @Field(() => Int, {
    defaultValue: 50,
    description: `From 1 to ${count(AUDIT_LOG_MAX_PAGE_SIZE)}.`,
  })
  @IsInt()
  @Min(1)
  @Max(AUDIT_LOG_MAX_PAGE_SIZE)
  first = 50;

  @Field(() => String, { nullable: true, description: cursorDescription(CURSOR_MAX_LENGTH) })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  after?: string;
}
