import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { catalogueField, CatalogueField, WithheldInformation } from '@insyn/registry';
import { localeOf, SiteLanguage } from '../i18n/messages';
import { FieldRows } from './field-value';

const GROUND = '18 kap. 8 § offentlighets- och sekretesslagen (2009:400)';

const rows = (lang: SiteLanguage) => {
  const withheld = new Map<string, WithheldInformation>([
    ['description', { field: 'description', legalGround: GROUND }],
  ]);
  return renderToString(
    h(FieldRows, {
      fields: [catalogueField('description') as CatalogueField],
      value: { description: 'Hemligt' },
      r: { locale: localeOf(lang), withheld, includes: () => true },
    }),
  );
};

describe('a withheld field in an entry section', () => {
  it('marks its legal ground as Swedish on the English page, and needs no mark on the Swedish', () => {
    const en = rows('en');
    expect(en).toContain(`: <span lang="sv">${GROUND}</span>`);
    expect(en).not.toContain('Hemligt');
    expect(rows('sv')).toContain(`: <span>${GROUND}</span>`);
  });
});

describe('a field that says nothing', () => {
  it('gets no row: missing, or a text of blanks and invisible characters only', () => {
    const render = (description: unknown) =>
      renderToString(
        h(FieldRows, {
          fields: [catalogueField('description') as CatalogueField],
          value: { description },
          r: { locale: localeOf('sv'), withheld: new Map(), includes: () => true },
        }),
      );
    expect(render('Mäter trafik')).toContain('Mäter trafik');
    for (const nothing of [undefined, '', ' \n', '\u200b\u2060', '\u2800', '\u00ad '])
      expect(render(nothing)).toBe('');
  });
});
