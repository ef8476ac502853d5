import { en } from './en';
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
