import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';
import {
  AiActClass,
  DEPARTMENT_SLUG_MAX_LENGTH,
  EntryKind,
  LifecycleStage,
  PersonalDataLevel,
  RiskClass,
  Theme,
} from '@insyn/registry';
import { NotEmptyFilter, OptionalEnumList } from '../../graphql/validation/input-fields';
import { PrincipleCode } from '../registry-enums.graphql';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_DEPARTMENTS = 50;

/**
 * The filter fields `entries` and `search` share, so both speak one vocabulary. Each list matches
 * any of its values; the fields combine with AND.
 */
@InputType({ isAbstract: true })
export abstract class EntryFacetsFilterInput {
  @OptionalEnumList(EntryKind, 3)
  @NotEmptyFilter()
  kind?: EntryKind[];

  @Field(() => [String], {
    nullable: true,
    description: `Department slugs, each of a department that exists (one without published entries matches none). At most ${MAX_DEPARTMENTS} items, each at most ${DEPARTMENT_SLUG_MAX_LENGTH} characters.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_DEPARTMENTS)
  @MaxLength(DEPARTMENT_SLUG_MAX_LENGTH, { each: true })
  @Matches(SLUG, { each: true, message: 'department must hold department slugs' })
  @NotEmptyFilter()
  department?: string[];

  @OptionalEnumList(PrincipleCode, 5)
  @NotEmptyFilter()
  principle?: PrincipleCode[];

  @OptionalEnumList(LifecycleStage, 5)
  @NotEmptyFilter()
  lifecycle?: LifecycleStage[];

  @OptionalEnumList(RiskClass, 3)
  @NotEmptyFilter()
  riskClass?: RiskClass[];

  @OptionalEnumList(AiActClass, 5)
  @NotEmptyFilter()
  aiActClass?: AiActClass[];

  @OptionalEnumList(PersonalDataLevel, 3)
  @NotEmptyFilter()
  personalData?: PersonalDataLevel[];

  @OptionalEnumList(Theme, 20)
  @NotEmptyFilter()
  theme?: Theme[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only entries whose review date has passed (UTC days), retired ones never (none is due for review); false: the others.',
  })
  @IsOptional()
  @IsBoolean()
  reviewOverdue?: boolean;
}
