import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CONCERN_LIMITS } from '@insyn/concerns';
import { PrincipleCode } from '../entries/registry-enums.graphql';
import { PlainText } from '../graphql/validation/plain-text.validator';
import { IsContactEmail } from './contact-email.validator';
import {
  NotEmptyFilter,
  charactersLimit,
  cursorDescription,
  itemsLimit,
  OptionalEnumList,
  OptionalInt,
  withLimits,
  IsRecordId,
} from '../graphql/validation/input-fields';
import { ConcernCategory, ConcernLanguage, ConcernStatus } from './concern-enums.graphql';

export const CONCERNS_MAX_PAGE_SIZE = 100;

@InputType('FileConcernInput', { description: 'A resident’s concern about a published entry.' })
export class FileConcernInput {
  @Field(() => ID, { description: 'The entry; only published entries accept concerns.' })
  @IsRecordId()
  entryId!: string;

  @Field(() => [PrincipleCode], { description: 'The principle(s) concerned (1 to 5).' })
  @ArrayMinSize(1, { message: 'principleCodes must name at least one principle' })
  @ArrayMaxSize(CONCERN_LIMITS.principles)
  @ArrayUnique({ message: 'principleCodes must not name a principle twice' })
  @IsEnum(PrincipleCode, { each: true })
  principleCodes!: PrincipleCode[];

  @Field(() => ConcernCategory)
  @IsEnum(ConcernCategory)
  category!: ConcernCategory;

  @PlainText(CONCERN_LIMITS.text, { description: 'What the concern is.' })
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: withLimits(
      'Where to tell the resident about the answer. Optional; encrypted, seen only by the department, erased INSYN_CONTACT_RETENTION_DAYS (30 by default) after the concern ended (answered, closed or rejected).',
      charactersLimit(CONCERN_LIMITS.email),
    ),
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @MaxLength(CONCERN_LIMITS.email)
  @IsContactEmail()
  contactEmail?: string | null;

  @Field(() => ConcernLanguage, {
    nullable: true,
    description: 'The language of e-mail (default SV).',
  })
  @IsOptional()
  @IsEnum(ConcernLanguage)
  language?: ConcernLanguage | null;

  @Field({
    description: 'The resident agrees that the text may be published, if the department agrees.',
  })
  @IsBoolean()
  consentToPublish!: boolean;

  @Field(() => String, {
    nullable: true,
    description: withLimits(
      'Optional: a random key the client makes for this concern (16 to 128 of A–Z a–z 0–9 _ -; a UUID will do), so that sending the same input again with the same key (a retry after a timeout) files nothing new and gets the same codes and concern back, for an hour, without counting against the throttle. The same key with other input is refused (BAD_USER_INPUT): a new concern needs a new key. After an hour, or once the resident erased the concern, the same key and input are refused (CONFLICT). Keep it as secret as the codes.',
      charactersLimit(128),
    ),
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, {
    message: 'submissionKey must be 16 to 128 of A–Z, a–z, 0–9, _ and -',
  })
  submissionKey?: string | null;
}

@InputType('RespondToConcernInput', {
  description:
    'A department’s response. Give a status, an answer (which sets ANSWERED) or textPublishable; REJECTED needs a reason.',
})
export class RespondToConcernInput {
  @Field(() => ID)
  @IsRecordId()
  id!: string;

  @Field(() => ConcernStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ConcernStatus)
  status?: ConcernStatus | null;

  @PlainText(CONCERN_LIMITS.answer, {
    optional: true,
    description: 'The public answer; sets the status ANSWERED (or amends the answer).',
  })
  answer?: string | null;

  @PlainText(CONCERN_LIMITS.reason, { optional: true, description: 'Why, with REJECTED (public).' })
  reason?: string | null;

  @Field(() => ConcernLanguage, {
    nullable: true,
    description:
      'The language the answer or reason given here is written in. Default: the one the resident asked to be answered in, and for an amendment the standing answer’s. With the same answer (or status ANSWERED) it corrects the standing answer’s language alone: no new wording, no e-mail.',
  })
  @IsOptional()
  @IsEnum(ConcernLanguage)
  language?: ConcernLanguage | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Publish the resident’s text with the answer (only with the resident’s consent).',
  })
  @IsOptional()
  @IsBoolean()
  textPublishable?: boolean | null;
}

@InputType('ConcernFilterInput', {
  description:
    'Every filter given must match; a list matches any of its values (a list given holds one at least).',
})
export class ConcernFilterInput {
  @OptionalEnumList(ConcernStatus, 10)
  @NotEmptyFilter()
  statuses?: ConcernStatus[];

  @Field(() => [ID], { nullable: true, description: itemsLimit(100) })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsRecordId({ each: true })
  @NotEmptyFilter()
  entryIds?: string[];

  @OptionalEnumList(ConcernCategory, 10)
  @NotEmptyFilter()
  categories?: ConcernCategory[];

  @OptionalInt(
    0,
    36500,
    'Filed at least this many whole days ago (a concern filed 30 hours ago is 1 day old).',
  )
  minAgeDays?: number;

  @OptionalInt(
    0,
    36500,
    'Filed at most this many whole days ago (0: within the last 24 hours). Not less than minAgeDays.',
  )
  @ValidateBy({
    name: 'notBelowMinAgeDays',
    validator: {
      validate: (value: unknown, args) => {
        const min = (args?.object as ConcernFilterInput).minAgeDays;
        return typeof value !== 'number' || typeof min !== 'number' || value >= min;
      },
      defaultMessage: () =>
        'maxAgeDays must not be less than minAgeDays: no concern could be both that young and that old',
    },
  })
  maxAgeDays?: number;
}

@ArgsType()
export class ConcernsArgs {
  @Field(() => ConcernFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConcernFilterInput)
  filter?: ConcernFilterInput;

  @Field(() => Int, { defaultValue: 20, description: `At most ${CONCERNS_MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(CONCERNS_MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true, description: cursorDescription(200) })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

@ArgsType()
export class PublicConcernsArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${CONCERNS_MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(CONCERNS_MAX_PAGE_SIZE)
  first = 20;

  @Field(() => ID, {
    nullable: true,
    description:
      'The id of the last public concern seen (of this entry): the ones after it, in the same order.',
  })
  @IsOptional()
  @IsRecordId({ message: 'after must be the id of a public concern of this entry' })
  after?: string;
}
