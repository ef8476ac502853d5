import { EntryKind, publicContent } from '@insyn/registry';
import { exportEntry, fullDataset, SETTINGS } from '../../test-fixtures/export-entries';
import { dcatDatasetIri, toDcatDataset } from './dcat-ap.mapper';
import { DatasetPage, toSchemaOrgDataset } from './schema-org.mapper';

const PAGE: DatasetPage = {
  url: `${SETTINGS.publicUrl}/en/entries/entry`,
  name: 'Traffic flows',
  description: 'Vehicles counted at every loop detector, by the hour.',
  department: { name: 'Transport Office', url: `${SETTINGS.publicUrl}/en/departments/t` },
  catalogueUrl: `${SETTINGS.publicUrl}/en/open-data`,
};

describe('schema.org Dataset markup', () => {
  it('says what the page shows, with the dataset IRI of the DCAT-AP export', () => {
    const entry = fullDataset();
    const node = toSchemaOrgDataset(entry, SETTINGS, PAGE);
    expect(node).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Dataset',
      '@id': dcatDatasetIri(entry),
      name: 'Traffic flows',
      description: 'Vehicles counted at every loop detector, by the hour.',
      url: PAGE.url,
      identifier: entry.id,
      keywords: ['trafik'],
      version: '2',
      datePublished: '2025-01-10',
      dateModified: '2025-03-01',
      creator: {
        '@type': 'Organization',
        name: 'Transport Office',
        url: PAGE.department.url,
        parentOrganization: {
          '@type': 'Organization',
          name: 'Exempelstad',
          url: SETTINGS.publicUrl,
        },
      },
      publisher: { '@type': 'Organization', name: 'Trafikkontoret' },
      license: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
      temporalCoverage: '2019-01-01/2024-12-31',
      spatialCoverage: [{ '@type': 'Place', name: 'Exempelstad' }],
      distribution: [
        {
          '@type': 'DataDownload',
          contentUrl: 'https://data.stad.example.se/flows.csv',
          encodingFormat: 'CSV',
        },
      ],
      includedInDataCatalog: {
        '@type': 'DataCatalog',
        name: 'Exempelstad: Insyn',
        url: PAGE.catalogueUrl,
      },
    });
    expect(node['@id']).toBe(toDcatDataset(entry, SETTINGS).node['@id']);
  });

  it('lists only distributions with a file, states no more than the entry holds, and dates a retirement', () => {
    const entry = {
      ...fullDataset({
        keywords: [],
        geographicArea: { cityWide: false, districts: ['Södermalm'] },
        dataset: {
          temporalCoverage: { start: '2020-01-01' },
          distributions: [
            { accessUrl: 'https://data.stad.example.se/api' },
            {
              downloadUrl: 'https://data.stad.example.se/a.json',
              licence: 'https://lic.example/x',
            },
          ],
        },
      }),
      retiredAt: new Date('2025-05-01T12:00:00Z'),
    };
    const node = toSchemaOrgDataset(entry, SETTINGS, { ...PAGE, description: null });
    expect(node).not.toHaveProperty('description');
    expect(node).not.toHaveProperty('keywords');
    expect(node).not.toHaveProperty('license');
    expect(node).not.toHaveProperty('inLanguage');
    expect(node).not.toHaveProperty('publisher');
    expect(node.temporalCoverage).toBe('2020-01-01/..');
    expect(node.spatialCoverage).toEqual([{ '@type': 'Place', name: 'Södermalm' }]);
    expect(node.distribution).toEqual([
      {
        '@type': 'DataDownload',
        contentUrl: 'https://data.stad.example.se/a.json',
        license: 'https://lic.example/x',
      },
    ]);
    expect(node.expires).toBe('2025-05-01');
  });

  it('leaves out what the visibility policy withheld: the public content has no trace of it', () => {
    const entry = fullDataset({
      withheld: [
        { field: 'dataset.distributions', legalGround: 'OSL 18:8' },
        { field: 'dataset.publisher', legalGround: 'OSL 18:8' },
      ],
    });
    const published = { ...entry, content: publicContent(entry.content, entry.kind, '2025-06-01') };
    const text = JSON.stringify(toSchemaOrgDataset(published, SETTINGS, PAGE));
    expect(text).not.toContain('data.stad.example.se');
    expect(text).not.toContain('Trafikkontoret');
    expect(text).not.toContain('OSL');
  });

  it('is only for datasets', () => {
    expect(() => toSchemaOrgDataset(exportEntry(EntryKind.ALGORITHM), SETTINGS, PAGE)).toThrow(
      'dataset entries',
    );
  });
});
