import { registerEnumType } from '@nestjs/graphql';
import { ContentLanguage } from '@insyn/registry';

/** A language: of human-readable names and titles, and of entry content. */
export const LanguageArg = ContentLanguage;
export type LanguageArg = ContentLanguage;
registerEnumType(ContentLanguage, {
  name: 'Language',
  description: 'A language: of human-readable titles, and of the title and summary of entries.',
});
