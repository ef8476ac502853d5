import {
  ContentLanguage,
  EntryKind,
  GeoJsonGeometry,
  PRIMARY_CONTENT_LANGUAGE,
} from '@insyn/registry';
import type { ExportEntry } from '../export/export-entry';
import { compact, dayOf, UnfilledField, withholdingOf } from '../mapping/standard-field';
import {
  EU_ACCESS_RIGHT,
  EU_DATA_THEME,
  euFileType,
  euFrequency,
  euLicence,
} from '../mapping/vocabularies';
import { StandardsSettings } from '../standards-settings';
import { geoJsonGeometryOf } from './geojson-geometry.mapper';

/**
 * DCAT-AP 3.0.1 (JSON-LD with the DCAT-AP context) for datasets: a dcat:Catalog of the city's
 * published datasets, each a dcat:Dataset at its entry's URL. Only what the entry holds is
 * stated; controlled values use the EU vocabularies (data themes, access rights, file types,
 * licences, frequencies), typed as the DCAT-AP range shapes ask. Tested against the DCAT-AP
 * SHACL shapes (mandatory and ranges: no violation; recommended: reported).
 */
export const DCAT_AP_CONTEXT =
  'https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld';

const XSD_DATE = 'http://www.w3.org/2001/XMLSchema#date';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const LOCN = 'http://www.w3.org/ns/locn#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

/** EU publisher type of a city and its departments (dct:type of a foaf:Agent). */
const LOCAL_AUTHORITY = {
  '@id': 'http://purl.org/adms/publishertype/LocalAuthority',
  '@type': 'Concept',
  preferredLabel: ['Local Authority'],
};

/**
 * Recommended DCAT-AP properties Insyn holds nothing for, whatever the entry: reported by the
 * recommended shapes, documented here, and named in each dataset's unfilled list where they apply.
 */
export const DCAT_RECOMMENDED_NOT_HELD = [
  {
    node: 'dcat:Catalog',
    property: 'dct:issued',
    reason: 'the catalogue is written as it is read; its first issue is not recorded',
  },
  {
    node: 'dcat:Catalog',
    property: 'dct:license',
    reason: 'the licence of the register’s metadata is not configured',
  },
  { node: 'dct:LicenseDocument', property: 'dct:type', reason: 'licence types are not recorded' },
  {
    node: 'dcat:Distribution',
    property: 'dct:description',
    reason: 'Insyn keeps no description per distribution',
  },
  {
    node: 'dcat:Distribution',
    property: 'dcatap:availability',
    reason: 'Insyn does not record availability',
  },
  {
    node: 'dct:Location',
    property: 'dcat:bbox',
    reason: 'areas are named, not bounded, unless given as GeoJSON',
  },
  {
    node: 'dct:Location',
    property: 'dcat:centroid',
    reason: 'Insyn computes no centroid of an area',
  },
] as const;

const GEOSPARQL_WKT = 'http://www.opengis.net/ont/geosparql#wktLiteral';
const GEOJSON_LITERAL = 'https://www.iana.org/assignments/media-types/application/vnd.geo+json';

/**
 * The box around an area, as GeoDCAT-AP writes `dcat:bbox`: a WKT polygon of west, south, east
 * and north (the outer rings bound every hole, so they are enough).
 */
function wktBoundingBox(area: GeoJsonGeometry): string | null {
  const polygons = (
    area.type === 'Polygon' ? [area.coordinates] : area.coordinates
  ) as number[][][][];
  const positions = polygons.flatMap((rings) => rings[0] ?? []);
  if (!positions.length) return null;
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return `POLYGON((${w} ${s},${w} ${n},${e} ${n},${e} ${s},${w} ${s}))`;
}

const date = (day: string | undefined) => (day ? { '@value': day, '@type': XSD_DATE } : undefined);

/** The EU status of a distribution of a retired dataset: the city no longer keeps it up. */
const DEPRECATED =
  'http://publications.europa.eu/resource/authority/distribution-status/DEPRECATED';

/** The EU language authority's code of each content language (every one: the compiler checks). */
const EU_LANGUAGE: Record<ContentLanguage, string> = { sv: 'SWE', en: 'ENG' };

/** A text in its language (an rdf:langString), so that a portal shows each reader theirs. */
const inLanguage = (text: string, language: string) => ({ '@value': text, '@language': language });

/** The catalogue node, without its datasets (streamed after it). */
export function dcatCatalogue(
  settings: StandardsSettings,
  modified: Date | null,
): Record<string, unknown> {
  return compact({
    '@id': `${settings.publicUrl}/exports/dcat-ap.jsonld#catalogue`,
    '@type': 'Catalogue',
    // The catalogue's own words are English.
    title: [
      inLanguage(
        settings.organisationName
          ? `${settings.organisationName}: datasets in Insyn`
          : 'Insyn datasets',
        'en',
      ),
    ],
    description: [
      inLanguage(
        `The datasets ${settings.organisationName} has published in its algorithmic transparency register (Insyn).`,
        'en',
      ),
    ],
    publisher: {
      '@id': `${settings.publicUrl}#organisation`,
      '@type': 'Agent',
      name: [settings.organisationName],
      type: LOCAL_AUTHORITY,
    },
    homepage: { '@id': `${settings.publicUrl}/`, '@type': 'Document' },
    // The register's language and those of its translations.
    language: Object.values(EU_LANGUAGE).map((code) => ({
      '@id': `http://publications.europa.eu/resource/authority/language/${code}`,
      '@type': 'LinguisticSystem',
    })),
    themes: [
      {
        '@id': 'http://publications.europa.eu/resource/authority/data-theme',
        '@type': 'ConceptScheme',
        title: ['Data theme'],
      },
    ],
    geographicalCoverage: [
      {
        '@id': `${settings.publicUrl}#area`,
        '@type': 'Location',
        [`${LOCN}geographicName`]: settings.organisationName,
      },
    ],
    modificationDate: date(dayOf(modified)),
  });
}

/** The dataset's IRI: its entry page is the landing page (a foaf:Document), so not the same. */
export const dcatDatasetIri = (entry: ExportEntry): string => `${entry.url}#dataset`;

export interface DcatDataset {
  node: Record<string, unknown>;
  unfilled: UnfilledField[];
}

/** A dataset entry as a dcat:Dataset node. */
export function toDcatDataset(entry: ExportEntry, settings: StandardsSettings): DcatDataset {
  if (entry.kind !== EntryKind.DATASET) throw new Error('DCAT-AP datasets are dataset entries');
  const c = entry.content;
  const d = c.dataset ?? {};
  const unfilled: UnfilledField[] = [];
  const note = (field: string, reason: string, path?: string) => {
    if (path && withholdingOf(entry, path)) return;
    unfilled.push({ field, reason });
  };

  const distributions = (d.distributions ?? []).flatMap((dist, i) => {
    const access = dist.accessUrl ?? dist.downloadUrl;
    if (!access) {
      note(
        `dcat:distribution ${i + 1}`,
        'a distribution without an access or download URL is left out (dcat:accessURL is mandatory)',
      );
      return [];
    }
    const format = dist.format ? euFileType(dist.format) : undefined;
    if (dist.format && !format)
      note(`dcat:distribution ${i + 1} dct:format`, `"${dist.format}" is not an EU file type`);
    const licenceText = dist.licence ?? d.licence;
    const licence = licenceText ? euLicence(licenceText) : undefined;
    if (licenceText && !licence)
      note(
        `dcat:distribution ${i + 1} dct:license`,
        `"${licenceText}" is not a known licence or URL`,
      );
    return [
      compact({
        '@id': `${entry.url}#distribution-${i + 1}`,
        '@type': 'Distribution',
        accessUrl: [{ '@id': access }],
        downloadUrl: dist.downloadUrl ? [{ '@id': dist.downloadUrl }] : undefined,
        format: format ? { '@id': format, '@type': 'MediaTypeOrExtent' } : undefined,
        licence: licence ? { '@id': licence, '@type': 'LicenceDocument' } : undefined,
        // A retired entry says so in each distribution (DCAT-AP's status is the distribution's).
        status: entry.retiredAt
          ? { '@id': DEPRECATED, '@type': 'Concept', preferredLabel: ['Deprecated'] }
          : undefined,
      }),
    ];
  });
  if (!distributions.length && !(d.distributions ?? []).length)
    note(
      'dcat:distribution',
      'the entry lists no distributions (dataset.distributions)',
      'dataset.distributions',
    );

  const theme = c.theme ? EU_DATA_THEME[c.theme] : undefined;
  if (!theme) note('dcat:theme', 'the theme OTHER has no EU data theme');
  const frequency = d.updateFrequency ? euFrequency(d.updateFrequency) : undefined;
  if (d.updateFrequency && !frequency)
    note(
      'dct:accrualPeriodicity',
      `"${d.updateFrequency}" is not an EU frequency (daily, weekly, monthly, …)`,
    );
  const area = c.geographicArea;
  const places = area?.cityWide ? [settings.organisationName] : (area?.districts ?? []);
  // An area drawn as GeoJSON: a Location of its own, bounded, with the geometry as GeoJSON.
  const box = area?.geoJson ? wktBoundingBox(area.geoJson) : null;
  if (!places.length && !box)
    note('dct:spatial', 'the entry names no area (geographicArea)', 'geographicArea');
  if (!d.temporalCoverage)
    note(
      'dct:temporal',
      'the entry gives no temporal coverage (dataset.temporalCoverage)',
      'dataset.temporalCoverage',
    );
  if (!d.publisher)
    note('dct:publisher', 'the entry names no publisher (dataset.publisher)', 'dataset.publisher');
  if (!c.contact?.email)
    note('dcat:contactPoint', 'the entry gives no contact e-mail (contact.email)', 'contact.email');
  if (!(c.keywords ?? []).length) note('dcat:keyword', 'the entry has no keywords');
  const notHeld = (node: string) =>
    DCAT_RECOMMENDED_NOT_HELD.filter((n) => n.node === node).forEach((n) =>
      unfilled.push({ field: `${n.node} ${n.property}`, reason: n.reason }),
    );
  if (distributions.length) notHeld('dcat:Distribution');
  if (places.length || box)
    DCAT_RECOMMENDED_NOT_HELD.filter(
      (n) => n.node === 'dct:Location' && !(box && n.property === 'dcat:bbox'),
    ).forEach((n) => unfilled.push({ field: `${n.node} ${n.property}`, reason: n.reason }));

  // The register's language, then each translation's (English), as language-tagged texts.
  const translated = (field: 'title' | 'summary') =>
    (c.translations ?? []).flatMap((t) =>
      t[field]?.trim() && t.language !== (PRIMARY_CONTENT_LANGUAGE as ContentLanguage)
        ? [inLanguage(t[field]!, t.language)]
        : [],
    );
  const node = compact({
    '@id': dcatDatasetIri(entry),
    '@type': 'Dataset',
    identifier: [entry.id],
    title: [inLanguage(c.title, PRIMARY_CONTENT_LANGUAGE), ...translated('title')],
    description: [
      inLanguage(c.summary ?? c.description ?? c.title, PRIMARY_CONTENT_LANGUAGE),
      ...translated('summary'),
    ],
    // Written in the register's language, as the titles are (the translations have none).
    keyword: (c.keywords ?? []).map((k) => inLanguage(k, PRIMARY_CONTENT_LANGUAGE)),
    theme: theme ? [{ '@id': theme.iri, '@type': 'Concept', preferredLabel: [theme.label] }] : [],
    publisher: d.publisher
      ? {
          '@id': `${entry.url}#publisher`,
          '@type': 'Agent',
          name: [d.publisher],
          type: LOCAL_AUTHORITY,
        }
      : undefined,
    // The team stays the contact when only its address is withheld.
    contactPoint:
      c.contact?.email || (c.responsibleTeam && withholdingOf(entry, 'contact.email'))
        ? [
            compact({
              '@id': `${entry.url}#contact`,
              '@type': 'Kind',
              [`${VCARD}fn`]: c.responsibleTeam ?? entry.department.nameSv,
              [`${VCARD}hasEmail`]: c.contact?.email
                ? { '@id': `mailto:${c.contact.email}` }
                : undefined,
            }),
          ]
        : [],
    datasetDistribution: distributions,
    accessRights: d.accessRights
      ? { '@id': EU_ACCESS_RIGHT[d.accessRights], '@type': 'RightsStatement' }
      : undefined,
    frequency: frequency ? { '@id': frequency, '@type': 'Frequency' } : undefined,
    geographicalCoverage: [
      ...places.map((name, i) => ({
        '@id': `${entry.url}#place-${i + 1}`,
        '@type': 'Location',
        [`${LOCN}geographicName`]: name,
      })),
      ...(box && area?.geoJson
        ? [
            {
              '@id': `${entry.url}#area`,
              '@type': 'Location',
              bbox: { '@value': box, '@type': GEOSPARQL_WKT },
              // The full IRI: the DCAT-AP context reads `geometry` as an IRI, not a literal.
              [`${LOCN}geometry`]: {
                '@value': JSON.stringify(geoJsonGeometryOf(area.geoJson)),
                '@type': GEOJSON_LITERAL,
              },
            },
          ]
        : []),
    ],
    temporalCoverage: d.temporalCoverage
      ? [
          compact({
            '@id': `${entry.url}#temporal`,
            '@type': 'PeriodOfTime',
            startDate: date(d.temporalCoverage.start),
            endDate: date(d.temporalCoverage.end),
          }),
        ]
      : [],
    provenance: d.collectionMethod
      ? [
          {
            '@id': `${entry.url}#provenance`,
            '@type': 'ProvenanceStatement',
            [RDFS_LABEL]: d.collectionMethod,
          },
        ]
      : [],
    // dct:relation: every entry the public sees linked with it, either way (an algorithm that
    // uses or produces it, a deployment that feeds it, what it is part of); a linked dataset by
    // its dataset IRI, another entry by its page.
    relatedResource: [
      ...new Set(
        entry.relations.map((r) => (r.kind === EntryKind.DATASET ? `${r.url}#dataset` : r.url)),
      ),
    ].map((iri) => ({ '@id': iri })),
    landingPage: [{ '@id': entry.url, '@type': 'Document' }],
    releaseDate: date(dayOf(entry.firstPublishedAt)),
    modificationDate: date(dayOf(entry.publishedAt)),
    version: String(entry.version),
  });
  return { node, unfilled };
}
