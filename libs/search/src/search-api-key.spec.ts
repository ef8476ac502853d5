import { APP_KEY_ACTIONS, appKeyIndexes, appKeyUid } from './search-api-key';
import { synonymsOf, PUBLIC_INDEX_SETTINGS } from './search-index-settings';

describe('app key', () => {
  it('has a fixed, valid UUID per prefix', () => {
    const uid = appKeyUid('insyn');
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(appKeyUid('insyn')).toBe(uid);
    expect(appKeyUid('other')).not.toBe(uid);
  });

  it('may not manage keys and reaches only the prefix’s indexes', () => {
    expect(APP_KEY_ACTIONS).not.toContain('*');
    expect(APP_KEY_ACTIONS.some((a) => a.startsWith('keys.'))).toBe(false);
    expect(appKeyIndexes('insyn')).toEqual(['insyn_*']);
  });
});

describe('index settings', () => {
  it('makes every synonym group mutual', () => {
    const synonyms = synonymsOf([['ai', 'artificiell intelligens', 'artificial intelligence']]);
    expect(synonyms['ai']).toEqual(['artificiell intelligens', 'artificial intelligence']);
    expect(synonyms['artificial intelligence']).toEqual(['ai', 'artificiell intelligens']);
  });

  it('ranks title before summary before the department and the disclosures, compound parts last', () => {
    const order = PUBLIC_INDEX_SETTINGS.searchableAttributes!;
    expect(order.indexOf('title')).toBeLessThan(order.indexOf('summary'));
    expect(order.indexOf('summary')).toBeLessThan(order.indexOf('keywords'));
    expect(order.indexOf('departmentNameSv')).toBeLessThan(order.indexOf('disclosures'));
    // A word found inside a compound ranks below the same word found whole anywhere.
    expect(order.at(-1)).toBe('compoundParts');
    expect(PUBLIC_INDEX_SETTINGS.typoTolerance?.enabled).toBe(true);
  });

  it('applies a requested sort before relevance, and sorts titles on their Swedish key', () => {
    expect(PUBLIC_INDEX_SETTINGS.rankingRules?.[0]).toBe('sort');
    expect(PUBLIC_INDEX_SETTINGS.sortableAttributes).toContain('titleSortKey');
    expect(PUBLIC_INDEX_SETTINGS.sortableAttributes).not.toContain('title');
  });

  it('separates words at punctuation, symbol and space characters, not at joiners', () => {
    const separators = new Set(PUBLIC_INDEX_SETTINGS.separatorTokens);
    for (const character of [
      '<',
      '>',
      '=',
      '$',
      '|',
      '~',
      '^',
      '€',
      '°',
      '©',
      '→',
      '\u00a0',
      '—',
      '…',
    ])
      expect({ character, separates: separators.has(character) }).toEqual({
        character,
        separates: true,
      });
    for (const character of ['\u00ad', '\u200d', '\u2060', 'a', 'ö', '1'])
      expect({ character, separates: separators.has(character) }).toEqual({
        character,
        separates: false,
      });
  });
});
