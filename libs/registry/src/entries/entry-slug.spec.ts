import { slugify } from './entry-slug';

describe('slugify', () => {
  it('folds Swedish letters and punctuation into a readable slug', () => {
    expect(slugify('Försörjningsstöd: riskbedömning (AI)')).toBe(
      'forsorjningsstod-riskbedomning-ai',
    );
  });
  it('caps the length and never returns an empty slug', () => {
    expect(slugify('a'.repeat(100))).toHaveLength(60);
    expect(slugify('!!!')).toBe('entry');
  });
});
