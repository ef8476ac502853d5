import { EntryKind } from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import { compact, dayOf } from '../mapping/standard-field';
import { euLicence } from '../mapping/vocabularies';
import { StandardsSettings } from '../standards-settings';
import { dcatDatasetIri } from './dcat-ap.mapper';

/** What the page that carries the markup shows: the markup must say what the reader sees. */
export interface DatasetPage {
  /** The page's own address (its canonical URL, in its language). */
  url: string;
  /** The title and the summary (or description) as the page shows them, in its language. */
  name: string;
  description: string | null;
  /** The department's name and page, in the page's language. */
  department: { name: string; url: string };
  /** The register's catalogue page (the open-data page, in the page's language). */
  catalogueUrl: string;
}

/**
 * A dataset entry as schema.org `Dataset` markup (JSON-LD) for its public page, the form search
 * engines read to list datasets (Google Dataset Search). Only what the entry's public view holds
 * (the visibility policy has removed what is withheld) and what the page shows; its `@id` is
 * the dataset's IRI in the DCAT-AP export, so both describe one resource. A distribution is
 * listed when it has a download URL (schema.org's `contentUrl` is the file itself); licences
 * are given as URLs, as the DCAT-AP export resolves them. A retired dataset `expires` on its
 * retirement day.
 */
export function toSchemaOrgDataset(
  entry: ExportEntry,
  settings: StandardsSettings,
  page: DatasetPage,
): Record<string, unknown> {
  if (entry.kind !== EntryKind.DATASET) throw new Error('schema.org datasets are dataset entries');
  const c = entry.content;
  const d = c.dataset ?? {};
  const licenceOf = (text: string | undefined) => (text ? euLicence(text) : undefined);
  const { start, end } = d.temporalCoverage ?? {};
  const area = c.geographicArea;
  const places = area?.cityWide ? [settings.organisationName] : (area?.districts ?? []);
  const city = {
    '@type': 'Organization',
    name: settings.organisationName,
    url: settings.publicUrl,
  };
  return compact({
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': dcatDatasetIri(entry),
    // No `inLanguage`: it would be the data's language, which the register does not record
    // (the page's texts may be a translation, or each in another language).
    name: page.name,
    description: page.description ?? undefined,
    url: page.url,
    identifier: entry.id,
    keywords: c.keywords ?? [],
    version: String(entry.version),
    datePublished: dayOf(entry.firstPublishedAt),
    dateModified: dayOf(entry.publishedAt),
    expires: dayOf(entry.retiredAt),
    creator: {
      '@type': 'Organization',
      name: page.department.name,
      url: page.department.url,
      parentOrganization: city,
    },
    // Only as the entry names it: the dataset may be another body's.
    publisher: d.publisher ? { '@type': 'Organization', name: d.publisher } : undefined,
    license: licenceOf(d.licence),
    temporalCoverage: start || end ? `${start ?? '..'}/${end ?? '..'}` : undefined,
    spatialCoverage: places.map((name) => ({ '@type': 'Place', name })),
    distribution: (d.distributions ?? []).flatMap((dist) =>
      dist.downloadUrl
        ? [
            compact({
              '@type': 'DataDownload',
              contentUrl: dist.downloadUrl,
              encodingFormat: dist.format?.trim() || undefined,
              license: licenceOf(dist.licence),
            }),
          ]
        : [],
    ),
    includedInDataCatalog: {
      '@type': 'DataCatalog',
      name: `${settings.organisationName}: Insyn`,
      url: page.catalogueUrl,
    },
  });
}
