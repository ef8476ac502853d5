import { ENUM_LABELS } from '@insyn/registry';
import { en } from './en';
import { fieldLabelsEn } from './field-labels.en';
import { sv } from './sv';

describe('numbers in the site’s texts', () => {
  it('groups thousands as each language writes them (4 000 in Swedish, 4,000 in English)', () => {
    expect(sv.concerns.textHint(4000)).toContain('Högst 4\u00a0000 tecken');
    expect(en.concerns.textHint(4000)).toContain('4,000 characters');
    expect(sv.concerns.problems.text(4000)).toContain('högst 4\u00a0000 tecken');
    expect(en.concerns.problems.text(4000)).toContain('at most 4,000 characters');
    expect(sv.search.count(1234)).toBe('1\u00a0234 poster');
    expect(en.search.count(1234)).toBe('1,234 entries');
    expect(sv.search.countOf(1001, 1020, 12345)).toBe('Visar 1\u00a0001–1\u00a0020 av 12\u00a0345');
    expect(en.search.countOf(1001, 1020, 12345)).toBe('Showing 1,001–1,020 of 12,345');
  });
});

describe('counted words in the site’s texts', () => {
  it('gives one thing its singular and other numbers the plural, by each language’s rule', () => {
    expect(sv.search.count(1)).toBe('1 post');
    expect(sv.search.count(3)).toBe('3 poster');
    expect(en.search.count(1)).toBe('1 entry');
    expect(sv.map.svgDescription(1, 1)).toContain('Kartan visar 1 plats och 1 område.');
    expect(en.map.svgDescription(1, 1)).toContain('The map shows 1 place and 1 area.');
    expect(en.map.svgDescription(3, 2)).toContain('The map shows 3 places and 2 areas.');
  });

  it('names on the map only the kinds of place it shows (no "0 areas")', () => {
    expect(sv.map.svgDescription(2, 0)).toContain('Kartan visar 2 platser.');
    expect(sv.map.svgDescription(0, 1)).toContain('Kartan visar 1 område.');
    expect(sv.map.svgDescription(0, 0)).toContain('Kartan visar inga platser.');
    expect(en.map.svgDescription(3, 0)).toContain('The map shows 3 places.');
    expect(en.map.svgDescription(0, 2)).toContain('The map shows 2 areas.');
    expect(en.map.svgDescription(0, 0)).toContain('The map shows no places.');
  });

  it('counts the rest by each language’s rule', () => {
    expect(sv.concerns.tooManyKept(45)).toContain('skicka den igen om 1 minut.');
    expect(sv.concerns.tooManyKept(61)).toContain('skicka den igen om 2 minuter.');
    expect(en.concerns.tooManyKept(60)).toContain('send it again in 1 minute.');
    expect(en.concerns.tooManyKept(3600)).toContain('send it again in 60 minutes.');
    expect(sv.errors.tooManyRequests(1)).toContain('Försök igen om 1 sekund.');
    expect(sv.errors.tooManyRequests(30)).toContain('Försök igen om 30 sekunder.');
    expect(en.errors.tooManyRequests(1)).toContain('Try again in 1 second.');
    expect(en.errors.tooManyRequests(30)).toContain('Try again in 30 seconds.');
  });
});

describe('wording the probe flagged', () => {
  it('says how many principles as "at least one and at most five", in words', () => {
    expect(sv.concerns.principlesHint(5)).toBe('Välj minst en och högst fem.');
    expect(sv.concerns.problems.principleCodes(5)).toBe('Välj minst en och högst fem principer.');
    expect(en.concerns.principlesHint(5)).toBe('Choose at least one and at most five.');
    expect(sv.concerns.principlesHint(13)).toBe('Välj minst en och högst 13.');
  });

  it('names the code to follow a question as the receipt does, and lets the resident erase', () => {
    expect(sv.concerns.expiredSubmission).toContain('koden för att följa frågan');
    expect(sv.concerns.expiredSubmission).not.toContain('spårningskod');
    expect(en.concerns.expiredSubmission).not.toContain('tracking code');
    expect(sv.concerns.erasureHint).toBe(
      'Med den koden kan du radera din text och din e-postadress.',
    );
    expect(en.concerns.erasureHint).toBe(
      'With this code you can erase your text and e-mail address.',
    );
    expect(sv.concerns.language).toBe('Språk för svaret');
  });

  it('keeps jargon out of texts for residents', () => {
    for (const t of [sv, en]) {
      expect(t.privacy.reading).not.toMatch(/hash/i);
      expect(t.search.badQueryText).not.toContain('U+');
    }
  });
});

describe('apostrophes in the English texts', () => {
  it("are typographic everywhere (city’s), never straight (city's)", () => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (typeof value === 'function')
        texts.push(String((value as (...a: unknown[]) => unknown)(...Array(value.length).fill(1))));
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(en);
    walk(ENUM_LABELS.en);
    walk(fieldLabelsEn);
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.filter((text) => /\w'\w/.test(text))).toEqual([]);
  });
});
