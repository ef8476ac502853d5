import { publicSearchRequest } from './public-search/public-search.service';
import { SEARCHABLE_ATTRIBUTES } from './search-index-settings';

describe('the public index settings', () => {
  const rank = (attribute: string) => SEARCHABLE_ATTRIBUTES.indexOf(attribute as never);

  it('searches the names of its values below what the entry is called, above its free text', () => {
    for (const above of ['title', 'translations.title', 'summary', 'translations.summary'])
      expect({ above, ranks: rank(above) < rank('valueLabels') }).toEqual({ above, ranks: true });
    expect(rank('valueLabels')).toBeLessThan(rank('description'));
    // Compound parts stay last.
    expect(SEARCHABLE_ATTRIBUTES.at(-1)).toBe('compoundParts');
  });

  it('never returns nor highlights the value names of a hit', () => {
    for (const translations of [false, true]) {
      const { options } = publicSearchRequest({
        query: 'hög risk',
        limit: 20,
        offset: 0,
        translations,
      });
      expect(options.attributesToRetrieve).not.toContain('valueLabels');
      expect(options.attributesToHighlight).not.toContain('valueLabels');
    }
  });
});
