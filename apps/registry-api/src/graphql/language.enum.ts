import { registerEnumType } from '@nestjs/graphql';

export enum LanguageArg {
  sv = 'sv',
  en = 'en',
}
registerEnumType(LanguageArg, {
  name: 'Language',
  description: 'Language of human-readable titles.',
});
