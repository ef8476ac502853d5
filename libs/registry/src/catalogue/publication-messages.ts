/** A text for people, in each language the register speaks (the site's and the API's). */
export interface PlainMessage {
  sv: string;
  en: string;
}

/** The languages of `PlainMessage`. */
export type MessageLanguage = keyof PlainMessage;

/**
 * Why publication needs a field, in plain words, in Swedish and English: the completeness
 * report's messages. The catalogue names a message by its key (`publish.reason`); a field
 * without one gets `required`. A unit test checks that every message has both languages.
 */
export const PUBLICATION_MESSAGES = {
  required: {
    en: 'required before publication',
    sv: 'måste fyllas i före publicering',
  },
  impactAssessmentOrReason: {
    en: 'required before publication: add an impact assessment, or say why there is none (noImpactAssessmentReason)',
    sv: 'måste fyllas i före publicering: lägg till en konsekvensbedömning, eller ange varför det inte finns någon (noImpactAssessmentReason)',
  },
  protectedCharacteristicsOrStatement: {
    en: 'required before publication: name the protected characteristics it may affect, or state why it affects none (nonDiscrimination.noProtectedCharacteristicsStatement)',
    sv: 'måste fyllas i före publicering: ange vilka skyddade egenskaper det kan påverka, eller förklara varför det inte påverkar någon (nonDiscrimination.noProtectedCharacteristicsStatement)',
  },
  friaForHighRiskPublicBody: {
    en: 'A high-risk AI system deployed by a public body needs a fundamental-rights impact assessment (FRIA, AI Act Art. 27) among its impact assessments',
    sv: 'Ett AI-system med hög risk som används av en offentlig aktör måste ha en konsekvensbedömning avseende grundläggande rättigheter (FRIA, artikel 27 i AI-förordningen) bland sina konsekvensbedömningar',
  },
  deployerIsPublicBody: {
    en: 'A high-risk AI system must say whether its deployer is a public body',
    sv: 'För ett AI-system med hög risk måste det framgå om den som använder systemet är en offentlig aktör',
  },
  euDatabaseRegistration: {
    en: 'A high-risk AI system deployed by a public body must be registered in the EU database (AI Act Art. 49 and 71): give the registration number, not only a link',
    sv: 'Ett AI-system med hög risk som används av en offentlig aktör måste vara registrerat i EU:s databas (artikel 49 och 71 i AI-förordningen): ange registreringsnumret, inte bara en länk',
  },
} as const satisfies Record<string, PlainMessage>;

/** The key of a message of `PUBLICATION_MESSAGES`. */
export type PublicationMessageKey = keyof typeof PUBLICATION_MESSAGES;
