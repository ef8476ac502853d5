import { CATALOGUE_FIELDS } from '@insyn/registry';
import { LOCALES, SITE_LANGUAGES } from './i18n/messages';
import { ENTRY_SECTIONS, SECTION_FIELDS, sectionOf, SHOWN_ELSEWHERE } from './views/entry-sections';

describe('the site and the field catalogue', () => {
  it('names every field of the catalogue in every site language', () => {
    for (const lang of SITE_LANGUAGES) {
      const missing = CATALOGUE_FIELDS.map((f) => f.path).filter(
        (path) => !LOCALES[lang].fields[path],
      );
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('gives every field a place on the entry page', () => {
    const homeless = CATALOGUE_FIELDS.map((f) => f.path).filter(
      (path) =>
        !sectionOf(path) &&
        ![...SHOWN_ELSEWHERE].some((p) => path === p || path.startsWith(`${p}.`)),
    );
    expect(homeless).toEqual([]);
  });

  it('renders each field once: a section lists a field only where its parent is elsewhere', () => {
    const top = ENTRY_SECTIONS.flatMap(({ id }) => SECTION_FIELDS.get(id)!.map((f) => f.path));
    expect(new Set(top).size).toBe(top.length);
    expect(sectionOf('algorithm.riskClass')).toBe('risks');
    expect(sectionOf('algorithm.models.name')).toBe('details');
    expect(sectionOf('accountability.accountableOwner')).toBe('responsible');
  });
});
