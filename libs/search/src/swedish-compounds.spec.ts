import fc from 'fast-check';
import { compoundPartsOf, SwedishCompounds } from './swedish-compounds';

describe('SwedishCompounds, with the Swedish Hunspell dictionary', () => {
  const compounds = SwedishCompounds.shared();

  it.each([
    ['skolskjuts', ['skol', 'skjuts']],
    ['trafiksignaler', ['trafik', 'signaler']],
    ['luftkvalitetssensorer', ['luft', 'kvalitets', 'sensorer']],
    ['ansiktsigenkänning', ['ansikts', 'igenkänning']],
    ['övervakningskameror', ['övervaknings', 'kameror']],
    ['personuppgifter', ['person', 'uppgifter']],
    ['dataskyddsförordningen', ['data', 'skydds', 'förordningen']],
    ['biståndshandläggning', ['bistånds', 'handläggning']],
    ['stadsdelsförvaltning', ['stadsdels', 'förvaltning']],
  ])('splits the compound %s into its parts', (word, parts) => {
    expect(compounds.partsOf(word)).toEqual(parts);
  });

  it.each([
    'kamera',
    'kvalitet',
    'information',
    'kommunikation',
    'algoritmer',
    'medborgare',
    'förvaltning',
    'ansvarig',
    'signalering',
  ])('leaves %s whole: no end of it is a word of its own', (word) => {
    expect(compounds.partsOf(word)).toEqual([]);
  });

  it('leaves short, very long and non-Swedish words alone', () => {
    expect(compounds.partsOf('hemma')).toEqual([]);
    expect(compounds.partsOf('skol'.repeat(16) + 'skjuts')).toEqual([]);
    expect(compounds.partsOf('datenschutzgrundverordnung')).toEqual([]);
  });

  it('gives the parts of a text: each part once, and each run of parts that ends a word', () => {
    expect(
      compoundPartsOf(compounds, [
        'Luftkvalitetssensorer vid skolor',
        'SKOLSKJUTS och skolskjuts; trafiksignaler 2024',
      ]),
    ).toEqual([
      'luft',
      'kvalitets',
      'kvalitetssensorer',
      'sensorer',
      'skol',
      'skjuts',
      'trafik',
      'signaler',
    ]);
  });

  it('reads decomposed letters as the composed ones (NFC)', () => {
    const decomposed = 'Ansiktsigenkänning'.normalize('NFD');
    expect(compoundPartsOf(compounds, [decomposed])).toEqual(['ansikts', 'igenkänning']);
  });

  it('keeps at most the limit of parts a document may hold', () => {
    const text = Array.from({ length: 40 }, () => 'skolskjuts trafiksignaler personuppgifter');
    expect(compoundPartsOf(compounds, text, 3)).toEqual(['skol', 'skjuts', 'trafik']);
  });

  /** Swedish letters and the odd characters careless or hostile text brings. */
  const character = fc.oneof(
    fc.constantFrom(...'abdefgiklmnoprstuvåäöSKÖ  -.\u0000\u200b'),
    fc.constantFrom('\ud800', '\udfff', 'a\u0308', '😀', 'ß', 'İ'),
  );
  const text = fc.string({ unit: character, maxLength: 80 });
  const compound = fc
    .array(fc.constantFrom('skol', 'skjuts', 'trafik', 'signaler', 'luft', 'person', 'data'), {
      minLength: 1,
      maxLength: 5,
    })
    .map((words) => words.join(''));

  it('gives only parts found in the text itself, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, compound), { maxLength: 6 }), (texts) => {
        const folded = texts.map((t) => t.normalize('NFC').toLocaleLowerCase('sv')).join(' ');
        for (const part of compoundPartsOf(compounds, texts)) {
          expect(part.length).toBeGreaterThanOrEqual(3);
          expect(folded).toContain(part);
        }
      }),
    );
  });

  it('splits a word only into parts that make it up again', () => {
    fc.assert(
      fc.property(fc.oneof(compound, text), (word) => {
        const parts = compounds.partsOf(word.toLocaleLowerCase('sv'));
        if (parts.length) expect(parts.join('')).toBe(word.toLocaleLowerCase('sv'));
        expect(parts.length === 0 || parts.length >= 2).toBe(true);
      }),
    );
  });
});

describe('SwedishCompounds, by the dictionary’s compound flags', () => {
  // X begins, U continues, Y ends a compound; Z only in compounds. Rule `j` makes a joining form
  // (a → o/X: "gata" → "gato"); rule `p` inflects (0 → ar: "vägg" → "väggar").
  const aff = [
    'SET UTF-8',
    'COMPOUNDBEGIN X',
    'COMPOUNDMIDDLE U',
    'COMPOUNDEND Y',
    'SFX j N 1',
    'SFX j a o/XZ a',
    'SFX p Y 1',
    'SFX p 0 ar [^a]',
  ].join('\n');
  const dic = ['6', 'gata/j', 'stad/XY', 'vägg/pY', 'mitt/U', 'rosa/X', 'lampa/p'].join('\n');
  const compounds = SwedishCompounds.fromHunspell(aff, dic);

  it('joins a begin part, middle parts and an end part, inflected by its own rules', () => {
    expect(compounds.partsOf('stadvägg')).toEqual(['stad', 'vägg']);
    expect(compounds.partsOf('stadväggar')).toEqual(['stad', 'väggar']);
    expect(compounds.partsOf('gatomittstad')).toEqual(['gato', 'mitt', 'stad']);
  });

  it('refuses an end part without the end flag, or inflected by a rule it does not have', () => {
    expect(compounds.partsOf('stadrosa')).toEqual([]);
    expect(compounds.partsOf('stadstadar')).toEqual([]);
    // "lampa" has the inflection but not the end flag; "gata" joins only as "gato".
    expect(compounds.partsOf('stadlampor')).toEqual([]);
    expect(compounds.partsOf('gatastad')).toEqual([]);
    // Leniently, a middle part may begin one too: search looks for parts, it checks no spelling.
    expect(compounds.partsOf('mittstad')).toEqual(['mitt', 'stad']);
  });
});
