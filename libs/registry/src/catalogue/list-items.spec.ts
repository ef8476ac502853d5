import { listItemKey, repeatedListItems } from './list-items';

describe('listItemKey: how two items of a list are told apart', () => {
  it.each([
    ['Trafik', 'trafik '],
    ['Tra\u200bfik', 'TRAFIK'],
    ['Ｔｒａｆｉｋ', 'trafik'], // full width
    ['straße', 'STRASSE'],
    ['Trafik', 'TRAFİK'], // a Turkish capital dotted I
    ['ΟΔΟΣ', 'οδος'],
    ['Södra  station', 'södra station'],
  ])('%j and %j are one', (a, b) => {
    expect(listItemKey(a)).toBe(listItemKey(b));
  });

  it.each([
    ['Trafik', 'Trafikljus'],
    ['Söder', 'Soder'],
    ['straße', 'strase'],
  ])('%j and %j are two', (a, b) => {
    expect(listItemKey(a)).not.toBe(listItemKey(b));
  });

  it('finds the repeat in a list of the catalogue', () => {
    expect(repeatedListItems({ keywords: ['Straße', 'Trafik', 'STRASSE'] })).toEqual([
      { field: 'input.keywords.2', message: 'repeats an earlier item ("STRASSE"): name each once' },
    ]);
  });
});
