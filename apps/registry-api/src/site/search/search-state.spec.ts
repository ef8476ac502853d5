import { en } from '../i18n/en';
import { sv } from '../i18n/sv';
import { negotiateLanguage } from '../i18n/messages';
import { parseSearchState, searchQueryString, toggled, toSearchParams } from './search-state';

describe('search state in the URL', () => {
  const parse = (query: string) => parseSearchState(new URLSearchParams(query), en);

  it('reads every part of the state and writes it back in one canonical order', () => {
    const { state, problems } = parse(
      'page=2&sort=newest&to=2025-12-31&from=2025-01-01&kind=DATASET&kind=ALGORITHM&q=kamera',
    );
    expect(problems).toEqual([]);
    expect(searchQueryString(state)).toBe(
      '?q=kamera&kind=DATASET&kind=ALGORITHM&from=2025-01-01&to=2025-12-31&sort=newest&page=2',
    );
    const params = toSearchParams(state);
    expect(params.offset).toBe(20);
    expect(params.filter).toMatchObject({
      kind: ['DATASET', 'ALGORITHM'],
      publishedFrom: '2025-01-01',
      publishedTo: '2025-12-31',
    });
  });

  it('toggles a facet value and goes back to the first page', () => {
    const { state } = parse('kind=DATASET&page=3');
    expect(searchQueryString(toggled(state, 'kind', 'DATASET'))).toBe('');
    expect(searchQueryString(toggled(state, 'riskClass', 'HIGH'))).toBe(
      '?kind=DATASET&riskClass=HIGH',
    );
  });

  it('explains each bad value and keeps the rest', () => {
    const { state, problems } = parse(
      `q=ok&kind=NOPE&department=Bad Slug&principle=XYZ&from=2025-02-30&to=x&sort=up&page=0&q2=ignored`,
    );
    expect(state.q).toBe('ok');
    expect(problems.map((p) => p.field)).toEqual([
      'filters',
      'filters',
      'filters',
      'from',
      'to',
      'sort',
      'results',
    ]);
    expect(problems.find((p) => p.field === 'from')?.typed).toBe('2025-02-30');
    expect(parse(`q=${'x'.repeat(201)}`).problems[0].message).toContain('200 characters');
    // Characters, as the API counts them: 200 emoji are 200.
    expect(parse(`q=${encodeURIComponent('😀'.repeat(200))}`).problems).toEqual([]);
    expect(parse(`q=${encodeURIComponent('😀'.repeat(201))}`).problems[0].field).toBe('q');
    expect(parse('from=2025-02-01&to=2025-01-01').problems[0].message).toBe(
      '“Published until” must be the same day as “Published from” or later.',
    );
  });

  it('takes search words and dates only as the API would (text rule, years 0001–9999)', () => {
    // (A lone surrogate cannot travel in a URL: %ED%A0%80 is read as U+FFFD.)
    for (const [q, typed] of [
      ['a\u0000b', 'a\ufffdb'],
      ['a\u001bb\u202e', 'a\ufffdb\ufffd'],
      ['a\u0007', 'a\ufffd'],
    ]) {
      const { state, problems } = parse(new URLSearchParams({ q }).toString());
      expect(state.q).toBe('');
      // Given back to be mended, with what is refused marked.
      expect(problems).toEqual([{ field: 'q', message: en.search.badQueryText, typed }]);
    }
    const long = `kamera ${'x'.repeat(200)}`;
    expect(parse(new URLSearchParams({ q: long }).toString()).problems[0].typed).toBe(long);
    expect(parse('q=Sök%20kamera').state.q).toBe('Sök kamera');
    const years = parse('from=0000-01-01&to=10000-01-01');
    expect(years.state).toMatchObject({ from: '', to: '' });
    expect(years.problems.map((p) => p.field)).toEqual(['from', 'to']);
    expect(parse('from=0001-01-01&to=9999-12-31').state).toMatchObject({
      from: '0001-01-01',
      to: '9999-12-31',
    });
  });
});

describe('dates that are written right but are no day', () => {
  const message = (query: string, t = en) =>
    parseSearchState(new URLSearchParams(query), t).problems.map((p) => p.message);

  it('says which part does not exist, not to write what was written', () => {
    expect(message('from=2026-02-30')).toEqual([
      'Published from (YYYY-MM-DD): 2026-02-30 is not a date: February 2026 has 28 days.',
    ]);
    expect(message('from=2024-02-30')).toEqual([
      'Published from (YYYY-MM-DD): 2024-02-30 is not a date: February 2024 has 29 days.',
    ]);
    expect(message('to=2026-04-31')[0]).toContain('April 2026 has 30 days');
    expect(message('to=2026-01-00')[0]).toContain('January 2026 has 31 days');
    expect(message('from=2026-13-45')[0]).toContain(
      '2026-13-45 is not a date: there is no month 13',
    );
    expect(message('from=0000-01-01')[0]).toContain('the year must be from 0001 to 9999');
    expect(message('from=2026-02-30', sv)).toEqual([
      'Publicerad från (ÅÅÅÅ-MM-DD): 2026-02-30 är inget datum: februari 2026 har 28 dagar.',
    ]);
    expect(message('from=2026-13-01', sv)[0]).toContain('det finns ingen månad 13');
    // Not written as asked: how to write it, as before.
    expect(message('from=30/2/2026')).toEqual([en.search.badDate(en.search.publishedFrom)]);
    expect(message('from=10000-01-01')).toEqual([en.search.badDate(en.search.publishedFrom)]);
  });
});

describe('search words that show nothing', () => {
  it('are no words: the plain list, with no search "for" a blank', () => {
    for (const q of ['\u200b', '\u200b\u200d', ' \u00ad ', '\ufeff', '\u2060\u3000']) {
      const { state, problems } = parseSearchState(new URLSearchParams({ q }), en);
      expect({ q, words: state.q, problems }).toEqual({ q, words: '', problems: [] });
      expect(searchQueryString(state)).toBe('');
    }
    // A word with an invisible character beside it is still that word.
    expect(parseSearchState(new URLSearchParams({ q: 'kamera\u200b' }), en).state.q).toBe(
      'kamera\u200b',
    );
  });
});

describe('the language from Accept-Language', () => {
  it('takes the best-rated site language, else the default', () => {
    expect(negotiateLanguage('en-GB,en;q=0.9,sv;q=0.8')).toBe('en');
    expect(negotiateLanguage('de-DE, sv;q=0.5, en;q=0.4')).toBe('sv');
    expect(negotiateLanguage('fi, en;q=0.1')).toBe('en');
    expect(negotiateLanguage('de')).toBe('sv');
    expect(negotiateLanguage(undefined)).toBe('sv');
    expect(negotiateLanguage('en;q=0, sv;q=0')).toBe('sv');
  });
  it('does not fall back on a language the reader refused', () => {
    expect(negotiateLanguage('de, sv;q=0')).toBe('en');
    expect(negotiateLanguage('de, SV;q=0.0')).toBe('en');
    expect(negotiateLanguage('de, en;q=0')).toBe('sv');
    // Only the range refused: Swedish of Finland is no refusal of Swedish.
    expect(negotiateLanguage('de, sv-FI;q=0')).toBe('sv');
  });
  it('reads `*` as the first site language not refused', () => {
    expect(negotiateLanguage('sv;q=0, *')).toBe('en');
    expect(negotiateLanguage('de, *;q=0.5')).toBe('sv');
    expect(negotiateLanguage('sv;q=0, en;q=0, *')).toBe('sv');
  });
  it('reads whole ranges of a long header, never one cut in the middle', () => {
    const many = Array.from({ length: 99 }, (_, i) => `x-${i};q=0.5`).join(',');
    // The 100th range is read, whatever the header's length in characters.
    expect(many.length).toBeGreaterThan(1000);
    expect(negotiateLanguage(`${many},en;q=1`)).toBe('en');
    expect(negotiateLanguage(`${many},x-99,en;q=1`)).toBe('sv');
  });
});
