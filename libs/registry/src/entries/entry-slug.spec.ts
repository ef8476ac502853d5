import { slugify, suffixedSlug } from './entry-slug';

describe('slugify', () => {
  it('folds Swedish letters and punctuation into a readable slug', () => {
    expect(slugify('Försörjningsstöd: riskbedömning (AI)')).toBe(
      'forsorjningsstod-riskbedomning-ai',
    );
  });
  it('folds the Latin letters that have no decomposition instead of dropping them', () => {
    expect(slugify('ß-test straße')).toBe('ss-test-strasse');
    expect(slugify('Œuvre Þór Łódź đ')).toBe('oeuvre-thor-lodz-d');
    expect(slugify('Ørsted æ İstanbul ǅ')).toBe('orsted-ae-istanbul-dz');
  });
  it('spells titles in other scripts in Latin letters, for a readable address', () => {
    expect(slugify('Система распознавания номеров')).toBe('sistema-raspoznavaniya-nomerov');
    expect(slugify('Ελληνικά δεδομένα 2026')).toBe('ellinika-dedomena-2026');
    expect(slugify('交通信号优化')).toBe('jiao-tong-xin-hao-you-hua');
    // Mixed with Latin text, only the other script's letters go through the tables.
    expect(slugify('Parkering – парковка (P-hus)')).toBe('parkering-parkovka-p-hus');
    // Rough for abjads, but not empty: an address to read aloud, not `entry-3f9a0c`.
    expect(slugify('مرحبا بالعالم')).toMatch(/^[a-z0-9-]+$/);
    expect(slugify('שלום עולם')).toMatch(/^[a-z0-9-]{4,}$/);
  });
  it('leaves every Latin title’s slug as it was', () => {
    for (const title of ['Försörjningsstöd: AI', 'Œuvre Þór', 'İstanbul ǅ', 'Señor Müller'])
      expect(slugify(title)).toMatch(/^[a-z0-9-]+$/);
    expect(slugify('Señor Müller')).toBe('senor-muller');
  });
  it('caps the length and never returns an empty slug', () => {
    expect(slugify('a'.repeat(100))).toHaveLength(60);
    expect(slugify('!!!')).toBe('entry');
    expect(slugify('中'.repeat(100))).toMatch(/^(zhong-)+zhong$/);
    expect(slugify('中'.repeat(100)).length).toBeLessThanOrEqual(60);
    expect(slugify('😀🚦')).toBe('entry');
  });
  it('never makes a slug shaped like an entry id, which would take over that entry’s /entries/<id>', () => {
    const id = '3ca8a282-8fd3-43d5-af58-c8ded3cd15c1';
    expect(slugify(id)).toBe(`entry-${id}`);
    expect(slugify(id.toUpperCase())).toBe(`entry-${id}`);
    expect(slugify(` ${id}!`)).toBe(`entry-${id}`);
    // Only the exact shape: more or less than an id is a slug as any other.
    expect(slugify(`${id} v2`)).toBe(`${id}-v2`);
    expect(slugify(id.slice(0, 35))).toBe(id.slice(0, 35));
  });
});

describe('suffixedSlug', () => {
  it('appends six random hex digits to the title slug', () => {
    expect(suffixedSlug('probe-utkast')).toMatch(/^probe-utkast-[0-9a-f]{6}$/);
    expect(suffixedSlug('x'.repeat(60))).toMatch(/^x{52}-[0-9a-f]{6}$/);
  });
  it('keeps a long title within 60 characters, without a double hyphen where it is cut', () => {
    // 51 letters then a hyphen: cut at 52, the hyphen would meet the suffix's.
    const slug = suffixedSlug(slugify(`${'a'.repeat(51)} ${'b'.repeat(20)}`));
    expect(slug).toMatch(/^a{51}-[0-9a-f]{6}$/);
  });
});
