import { Field, Float, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../../graphql/scalars/json-object.scalar';
import { ContentLanguage, ImpactAssessmentType, LifecycleStage } from '@insyn/registry';
import '../../graphql/language.enum';

@ObjectType('Contact', {
  description: 'A team mailbox (not a person) and an optional phone number.',
})
export class ContactObject {
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
}

@ObjectType('Lifecycle')
export class LifecycleObject {
  @Field(() => LifecycleStage, { nullable: true }) stage?: LifecycleStage;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) startDate?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) endDate?: string;
  @Field(() => String, { nullable: true }) retirementReason?: string;
}

@ObjectType('GeographicArea')
export class GeographicAreaObject {
  @Field(() => Boolean, { nullable: true }) cityWide?: boolean;
  @Field(() => [String], { nullable: true }) districts?: string[];
  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: 'GeoJSON Polygon or MultiPolygon.',
  })
  geoJson?: Record<string, unknown>;
}

@ObjectType('LegalBasis')
export class LegalBasisObject {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) link?: string;
}

@ObjectType('Supplier', { description: 'A third party that built or runs the system.' })
export class SupplierObject {
  @Field(() => String, { nullable: true, description: 'Null while withheld.' })
  name?: string;
  @Field(() => String, { nullable: true }) orgNumber?: string;
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => String, { nullable: true }) procurementType?: string;
}

@ObjectType('ImpactAssessment')
export class ImpactAssessmentObject {
  @Field(() => ImpactAssessmentType, { nullable: true, description: 'Null while withheld.' })
  type?: ImpactAssessmentType;
  @Field(() => String, { nullable: true }) date?: string;
  @Field(() => String, { nullable: true }) summary?: string;
  @Field(() => String, { nullable: true }) link?: string;
}

@ObjectType('EntryTranslation', {
  description: 'The title and summary in another language than the content language (Swedish).',
})
export class EntryTranslationObject {
  @Field(() => ContentLanguage) language!: ContentLanguage;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) summary?: string;
}

@ObjectType('WithheldInformation', {
  description: 'A field not shown publicly, with the legal ground.',
})
export class WithheldInformationObject {
  @Field({ description: 'Path of the withheld field, e.g. algorithm.sourceCode.' }) field!: string;
  @Field() legalGround!: string;
  @Field(() => String, { nullable: true }) until?: string;
}

@ObjectType('GeoPoint')
export class GeoPointObject {
  @Field(() => Float, { nullable: true, description: 'Null while withheld.' }) lat?: number;
  @Field(() => Float, { nullable: true, description: 'Null while withheld.' }) lon?: number;
}
