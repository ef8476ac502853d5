import type { Settings } from './meilisearch/meilisearch-sdk';
import { PublicEntryDocument } from './public-entry-document';

type Field = keyof PublicEntryDocument;
/** Fields of the translations, searched beside the title and summary they translate. */
type TranslatedField = 'translations.title' | 'translations.summary';

/** The live public index: `<prefix>_entries`. Rebuilds use `<prefix>_entries_<timestamp>`. */
export function liveIndexName(indexPrefix: string): string {
  return `${indexPrefix}_entries`;
}

/** A rebuild of the live index `live` under way (or left by a crash): `<live>_<17 digits>`. */
export function isRebuildIndexOf(live: string, uid: string): boolean {
  return uid.startsWith(`${live}_`) && /^\d{17}$/.test(uid.slice(live.length + 1));
}

/** Searched in this order: an early attribute ranks a match higher ("attribute" ranking rule). */
export const SEARCHABLE_ATTRIBUTES: (Field | TranslatedField)[] = [
  'title',
  'translations.title',
  'summary',
  'translations.summary',
  'keywords',
  'departmentNameSv',
  'departmentNameEn',
  // What the pages call its values ("hög risk", "machine learning"): facts about the entry,
  // above what its free text mentions, below what it is called.
  'valueLabels',
  'description',
  'disclosures',
  'details',
  'compoundParts',
];

export const FILTERABLE_ATTRIBUTES: Field[] = [
  'kind',
  'departmentSlug',
  'principleCodes',
  'lifecycle',
  'status',
  'riskClass',
  'aiActClass',
  'personalData',
  'theme',
  'reviewOverdue',
  'hasOpenConcerns',
  'publishedAt',
];

/** Titles sort on `titleSortKey` (Swedish order); Meilisearch's own string order is not Swedish. */
export const SORTABLE_ATTRIBUTES: Field[] = [
  'publishedAt',
  'firstPublishedAt',
  'updatedAt',
  'titleSortKey',
];

/**
 * "sort" first: a sort the reader asks for orders the hits, and relevance only breaks ties (with
 * no sort the rule does nothing, and the hits come in relevance order). A sorted search with a
 * query therefore matches every word of it (`matchingStrategy: 'all'`, see PublicSearchService),
 * so that a sort does not bring up documents that match only some of the words.
 */
export const RANKING_RULES = ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'];

/** Basic Latin and Latin-1, general punctuation, currency symbols, letterlike symbols, arrows. */
const SEPARATOR_BLOCKS: [number, number][] = [
  [0x0020, 0x00ff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2100, 0x21ff],
];

/**
 * Punctuation, symbol and space characters of the blocks text in the register uses separate
 * words, so that a word is found whatever surrounds it: Meilisearch's tokenizer keeps
 * `<b>fetstil</b>`, `x>y`, `3<4`, `pris=10`, `€5` or a no-break space inside one token.
 * Format characters that join (soft hyphen, joiners) stay out; the direction marks are in. Only these blocks: Meilisearch
 * builds its tokenizer from the list for every search, and all ~9,500 such characters of
 * Unicode made a search four times slower (bench: 22.6 ms against 5.2 ms at 300 entries).
 * Meilisearch stores the list sorted, so compare it as a set.
 */
export const SEPARATOR_TOKENS: string[] = separatorCharacters();

function separatorCharacters(): string[] {
  const separator = /^[\p{P}\p{S}\p{Z}]$/u;
  // The zero-width space is a word break by definition; the direction marks (LRM, RLM, ALM),
  // copied along with right-to-left text, join nothing (format characters that join stay out).
  const characters = ['\u200b', '\u200e', '\u200f', '\u061c'];
  for (const [from, to] of SEPARATOR_BLOCKS)
    for (let codePoint = from; codePoint <= to; codePoint++) {
      const character = String.fromCodePoint(codePoint);
      if (separator.test(character)) characters.push(character);
    }
  return characters;
}

/** Groups of words that mean the same, in Swedish and English; each finds the others. */
export const SYNONYM_GROUPS: string[][] = [
  ['ai', 'artificiell intelligens', 'artificial intelligence'],
  ['kamera', 'kameror', 'camera', 'cameras'],
  ['algoritm', 'algoritmer', 'algorithm', 'algorithms'],
  ['dataset', 'datamängd', 'datamängder', 'datasets'],
  ['sensor', 'sensorer', 'givare', 'sensors'],
  ['maskininlärning', 'machine learning'],
  ['ansiktsigenkänning', 'facial recognition', 'face recognition'],
  ['personuppgifter', 'personal data'],
  ['övervakning', 'surveillance'],
  ['beslutsstöd', 'decision support'],
  ['trafik', 'traffic'],
  ['parkering', 'parking'],
  ['luftkvalitet', 'air quality'],
  ['buller', 'noise'],
  ['skola', 'school'],
  ['bostad', 'housing'],
  ['socialtjänst', 'social services'],
  ['registreringsskylt', 'license plate', 'number plate'],
];

export function synonymsOf(groups: string[][]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group) synonyms[word] = group.filter((other) => other !== word);
  }
  return synonyms;
}

/** The deepest page `search` may ask for: offset ≤ 1000 plus first ≤ 100. */
export const MAX_SEARCH_OFFSET = 1000;
export const MAX_SEARCH_LIMIT = 100;

/**
 * The public index's settings, as code: applied at every start and to every rebuilt index
 * (updating settings to what they already are is a no-op for Meilisearch).
 */
export const PUBLIC_INDEX_SETTINGS: Settings = {
  searchableAttributes: SEARCHABLE_ATTRIBUTES,
  filterableAttributes: FILTERABLE_ATTRIBUTES,
  sortableAttributes: SORTABLE_ATTRIBUTES,
  displayedAttributes: ['*'],
  rankingRules: RANKING_RULES,
  separatorTokens: SEPARATOR_TOKENS,
  nonSeparatorTokens: [],
  synonyms: synonymsOf(SYNONYM_GROUPS),
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnAttributes: [],
  },
  pagination: { maxTotalHits: MAX_SEARCH_OFFSET + MAX_SEARCH_LIMIT },
  faceting: { maxValuesPerFacet: 100 },
};
