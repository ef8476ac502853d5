import { Field, Float, InputType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  NotEquals,
  ValidateBy,
} from 'class-validator';
import { IsEntryTitle } from './entry-title.validator';
import { JsonObjectScalar } from '../../graphql/scalars/json-object.scalar';
import {
  ContentLanguage,
  GeoJsonGeometry,
  ImpactAssessmentType,
  LifecycleStage,
  PRIMARY_CONTENT_LANGUAGE,
} from '@insyn/registry';
import '../../graphql/language.enum';
import {
  IriSafe,
  charactersLimit,
  OptionalText,
  OptionalTextList,
  OptionalUrl,
  RequiredText,
  withLimits,
  OptionalDate,
  OptionalEnum,
} from '../../graphql/validation/input-fields';
import { IsOnOrAfter } from '../../graphql/validation/date-only.validator';
import {
  GEOJSON_AREA_DESCRIPTION,
  IsGeoJsonArea,
} from '../../graphql/validation/geojson-area.validator';
import { PrincipleCode } from '../registry-enums.graphql';
import { IsMailableAddress } from './email-address.validator';
import { LIMITS } from './input-limits';

@InputType()
export class ContactInput {
  @Field(() => String, {
    nullable: true,
    description: `A team mailbox, not a person. ${charactersLimit(LIMITS.short)}`,
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @IsMailableAddress()
  @IriSafe()
  @MaxLength(LIMITS.short)
  email?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Digits, spaces, +, - and parentheses; 5 to 30 characters.',
  })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, {
    message: 'phone must be a phone number (digits, spaces, +, -, parentheses)',
  })
  phone?: string;
}

@InputType({
  description: 'The title and summary in another language than the content language (Swedish).',
})
export class EntryTranslationInput {
  @Field(() => ContentLanguage)
  @IsEnum(ContentLanguage)
  @NotEquals(PRIMARY_CONTENT_LANGUAGE, {
    message: `language must not be ${PRIMARY_CONTENT_LANGUAGE}: title and summary already are`,
  })
  // A translation of nothing says nothing: it needs its title, its summary or both.
  @ValidateBy({
    name: 'translatesSomething',
    validator: {
      validate: (_value, args) => {
        const t = args?.object as EntryTranslationInput | undefined;
        return (t?.title ?? null) !== null || (t?.summary ?? null) !== null;
      },
      defaultMessage: () => 'a translation needs a title, a summary or both',
    },
  })
  language!: ContentLanguage;
  @Field(() => String, {
    nullable: true,
    description: `The title in this language; one line. ${charactersLimit(LIMITS.title)}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.title)
  // Refuses an empty title too, with the one message a title gets.
  @IsEntryTitle()
  title?: string;
  @OptionalText(LIMITS.summary, 'Plain language.')
  summary?: string;
}

@InputType()
export class LifecycleInput {
  @OptionalEnum(LifecycleStage)
  stage?: LifecycleStage;
  @OptionalDate() startDate?: string;
  @OptionalDate()
  @IsOnOrAfter('startDate')
  endDate?: string;
  @OptionalText(LIMITS.text)
  retirementReason?: string;
}

@InputType()
export class GeographicAreaInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() cityWide?: boolean;

  @OptionalTextList(LIMITS.list, LIMITS.short, { distinct: true })
  districts?: string[];

  @Field(() => JsonObjectScalar, { nullable: true, description: GEOJSON_AREA_DESCRIPTION })
  @IsOptional()
  @IsGeoJsonArea()
  geoJson?: GeoJsonGeometry;
}

@InputType()
export class LegalBasisInput {
  @RequiredText(LIMITS.short * 2) title!: string;
  @OptionalUrl()
  link?: string;
}

@InputType()
export class SupplierInput {
  @RequiredText(LIMITS.short) name!: string;
  @OptionalText(40)
  orgNumber?: string;
  @OptionalText(LIMITS.short)
  role?: string;
  @OptionalText(LIMITS.short)
  procurementType?: string;
}

@InputType()
export class ImpactAssessmentInput {
  @Field(() => ImpactAssessmentType) @IsEnum(ImpactAssessmentType) type!: ImpactAssessmentType;
  @OptionalDate() date?: string;
  @OptionalText(LIMITS.text)
  summary?: string;
  @OptionalUrl()
  link?: string;
}

@InputType()
export class WithheldInformationInput {
  @Field({
    description: withLimits(
      "Path of the withheld field, e.g. algorithm.sourceCode: a withholdable field of the entry's kind (title and summary are always public).",
      charactersLimit(LIMITS.short),
    ),
  })
  @IsString()
  @MaxLength(LIMITS.short)
  field!: string;
  @RequiredText(LIMITS.short * 2) legalGround!: string;
  @OptionalDate(
    'Last day the field is withheld (YYYY-MM-DD); it is public from the next day. Today or later: a date already past is refused.',
  )
  until?: string;
}

@InputType()
export class PrincipleLinkInput {
  @Field(() => PrincipleCode) @IsEnum(PrincipleCode) code!: PrincipleCode;
  @RequiredText(LIMITS.text, 'How the entry touches this principle.')
  rationale!: string;
}

/**
 * A coordinate from -max to max, compared as a number. class-validator's IsLatitude and
 * IsLongitude test the number's text, which is "1e-7" below 1e-6: a point a centimetre off the
 * equator or the prime meridian was refused as out of range.
 */
const IsCoordinate = (field: 'lat' | 'lon', max: number) =>
  ValidateBy({
    name: 'isCoordinate',
    validator: {
      validate: (value) =>
        typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= max,
      defaultMessage: () =>
        `${field} must be a ${field === 'lat' ? 'latitude' : 'longitude'} between -${max} and ${max}`,
    },
  });

@InputType()
export class GeoPointInput {
  @Field(() => Float)
  @IsCoordinate('lat', 90)
  lat!: number;
  @Field(() => Float)
  @IsCoordinate('lon', 180)
  lon!: number;
}
