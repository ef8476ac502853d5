import {
  AccessRights,
  AiActClass,
  AlgorithmType,
  ImpactAssessmentType,
  LifecycleStage,
  Theme,
} from '@insyn/registry';

/**
 * Insyn's controlled values in the vocabularies of the target standards. One-to-one where the
 * standard allows it (so a round trip gives the same value back); importers map the standard's
 * other values to the nearest Insyn value and say so.
 */

/** Eurocities AlgoSTD v0.3.1 `domain`. */
export const ALGOSTD_DOMAIN: Record<Theme, string> = {
  [Theme.SOCIAL_SERVICES]: 'subsidies, benefits and allowances',
  [Theme.HEALTH_AND_CARE]: 'health and health care',
  [Theme.EDUCATION]: 'education and science',
  [Theme.MOBILITY_AND_TRANSPORT]: 'traffic and transportation',
  [Theme.ENVIRONMENT_AND_CLIMATE]: 'environment, spacial planning and water',
  [Theme.PUBLIC_SAFETY]: 'public safety',
  [Theme.HOUSING_AND_PLANNING]: 'housing, living and living environment',
  [Theme.ECONOMY_AND_WORK]: 'economy and entrepreneurship',
  [Theme.CULTURE_AND_LEISURE]: 'culture, sports and leisure',
  [Theme.GOVERNMENT_AND_ADMINISTRATION]: 'government',
  [Theme.TAXES_AND_FINANCE]: 'taxes',
  [Theme.OTHER]: 'generic',
};
/** AlgoSTD domains without an Insyn theme of their own, and the nearest theme. */
export const ALGOSTD_DOMAIN_NEAREST: Record<string, Theme> = {
  defence: Theme.PUBLIC_SAFETY,
  'family, youth and households': Theme.SOCIAL_SERVICES,
  finance: Theme.TAXES_AND_FINANCE,
  'immigration and integration': Theme.SOCIAL_SERVICES,
  'international collaboration and development aid': Theme.GOVERNMENT_AND_ADMINISTRATION,
  'agriculture, nature and food': Theme.ENVIRONMENT_AND_CLIMATE,
  justice: Theme.PUBLIC_SAFETY,
  'travel, living and working abroad': Theme.OTHER,
  'work and career': Theme.ECONOMY_AND_WORK,
};

export const ALGOSTD_STATUS: Record<LifecycleStage, string> = {
  [LifecycleStage.PLANNED]: 'planned',
  [LifecycleStage.DEVELOPMENT]: 'development',
  [LifecycleStage.PILOT]: 'pilot',
  [LifecycleStage.IN_USE]: 'operational',
  [LifecycleStage.RETIRED]: 'retired',
};
export const ALGOSTD_STATUS_NEAREST: Record<string, LifecycleStage> = {
  design: LifecycleStage.DEVELOPMENT,
  evaluation: LifecycleStage.PILOT,
};

/** AI Act classes as AlgoSTD `risk_category` (NOT_AI has none). */
export const ALGOSTD_RISK: Partial<Record<AiActClass, string>> = {
  [AiActClass.MINIMAL]: 'minimal risk',
  [AiActClass.LIMITED]: 'limited risk',
  [AiActClass.HIGH_RISK]: 'high risk',
  [AiActClass.PROHIBITED]: 'unacceptable',
};

export const ALGOSTD_TYPE: Record<AlgorithmType, string> = {
  [AlgorithmType.RULE_BASED]: 'rule-based',
  [AlgorithmType.MACHINE_LEARNING]: 'self-learning',
  [AlgorithmType.HYBRID]: 'hybrid',
  [AlgorithmType.GENERATIVE_OFF_THE_SHELF]: 'self-learning',
};

/**
 * The Dutch register's themes (OWMS, as in its config v1.0). Its list has no "other": an entry
 * of theme OTHER is exported with no theme, and said so, rather than filed under one it is not.
 */
export const NL_THEME: Partial<Record<Theme, string>> = {
  [Theme.SOCIAL_SERVICES]: 'Sociale zekerheid',
  [Theme.HEALTH_AND_CARE]: 'Zorg en gezondheid',
  [Theme.EDUCATION]: 'Onderwijs en wetenschap',
  [Theme.MOBILITY_AND_TRANSPORT]: 'Verkeer',
  [Theme.ENVIRONMENT_AND_CLIMATE]: 'Natuur en milieu',
  [Theme.PUBLIC_SAFETY]: 'Openbare orde en veiligheid',
  [Theme.HOUSING_AND_PLANNING]: 'Wonen',
  [Theme.ECONOMY_AND_WORK]: 'Economie',
  [Theme.CULTURE_AND_LEISURE]: 'Cultuur en recreatie',
  [Theme.GOVERNMENT_AND_ADMINISTRATION]: 'Organisatie en bedrijfsvoering',
  [Theme.TAXES_AND_FINANCE]: 'Overheidsfinanciën',
};
export const NL_THEME_NEAREST: Record<string, Theme> = {
  Internationaal: Theme.OTHER,
  'Migratie en integratie': Theme.SOCIAL_SERVICES,
  Recht: Theme.PUBLIC_SAFETY,
  'Ruimte en infrastructuur': Theme.HOUSING_AND_PLANNING,
  Werk: Theme.ECONOMY_AND_WORK,
};

export const NL_STATUS: Record<LifecycleStage, string> = {
  [LifecycleStage.PLANNED]: 'In ontwikkeling',
  [LifecycleStage.DEVELOPMENT]: 'In ontwikkeling',
  [LifecycleStage.PILOT]: 'In ontwikkeling',
  [LifecycleStage.IN_USE]: 'In gebruik',
  [LifecycleStage.RETIRED]: 'Buiten gebruik',
};
export const NL_STATUS_IMPORT: Record<string, LifecycleStage> = {
  'In ontwikkeling': LifecycleStage.DEVELOPMENT,
  'In gebruik': LifecycleStage.IN_USE,
  'Buiten gebruik': LifecycleStage.RETIRED,
};

/** UK ATRS (GOV.UK finder facets) phase. */
export const ATRS_PHASE: Record<LifecycleStage, string> = {
  [LifecycleStage.PLANNED]: 'pre-deployment',
  [LifecycleStage.DEVELOPMENT]: 'pre-deployment',
  [LifecycleStage.PILOT]: 'beta-pilot',
  [LifecycleStage.IN_USE]: 'production',
  [LifecycleStage.RETIRED]: 'retired',
};
export const ATRS_PHASE_IMPORT: Record<string, LifecycleStage> = {
  'pre-deployment': LifecycleStage.DEVELOPMENT,
  'beta-pilot': LifecycleStage.PILOT,
  production: LifecycleStage.IN_USE,
  retired: LifecycleStage.RETIRED,
};

/** UK ATRS (GOV.UK finder facets) function, after COFOG. */
export const ATRS_FUNCTION: Partial<Record<Theme, string>> = {
  [Theme.SOCIAL_SERVICES]: 'social-protection',
  [Theme.HEALTH_AND_CARE]: 'health',
  [Theme.EDUCATION]: 'education',
  [Theme.MOBILITY_AND_TRANSPORT]: 'economic-affairs',
  [Theme.ENVIRONMENT_AND_CLIMATE]: 'environmental-protection',
  [Theme.PUBLIC_SAFETY]: 'public-order-and-safety',
  [Theme.HOUSING_AND_PLANNING]: 'housing-and-community-amenities',
  [Theme.ECONOMY_AND_WORK]: 'economic-affairs',
  [Theme.CULTURE_AND_LEISURE]: 'recreation-culture-and-religion',
  [Theme.GOVERNMENT_AND_ADMINISTRATION]: 'general-public-services',
  [Theme.TAXES_AND_FINANCE]: 'general-public-services',
};

/**
 * ATRS functions (COFOG, as GOV.UK's finder lists them) back to themes. ATRS_FUNCTION sends two
 * themes to `economic-affairs` and two to `general-public-services`, and `defence` and
 * `regulation` are no Insyn theme: those are read as the nearest theme, and the import says so.
 */
export const ATRS_FUNCTION_IMPORT: Record<string, { theme: Theme; nearest?: true }> = {
  'social-protection': { theme: Theme.SOCIAL_SERVICES },
  health: { theme: Theme.HEALTH_AND_CARE },
  education: { theme: Theme.EDUCATION },
  'environmental-protection': { theme: Theme.ENVIRONMENT_AND_CLIMATE },
  'public-order-and-safety': { theme: Theme.PUBLIC_SAFETY },
  'housing-and-community-amenities': { theme: Theme.HOUSING_AND_PLANNING },
  'recreation-culture-and-religion': { theme: Theme.CULTURE_AND_LEISURE },
  'economic-affairs': { theme: Theme.ECONOMY_AND_WORK, nearest: true },
  'general-public-services': { theme: Theme.GOVERNMENT_AND_ADMINISTRATION, nearest: true },
  defence: { theme: Theme.PUBLIC_SAFETY, nearest: true },
  regulation: { theme: Theme.GOVERNMENT_AND_ADMINISTRATION, nearest: true },
};

/** Names of impact assessment types in the standards' prose. */
export const ASSESSMENT_NAME: Record<ImpactAssessmentType, string> = {
  [ImpactAssessmentType.DPIA]: 'Data Protection Impact Assessment (DPIA)',
  [ImpactAssessmentType.FRIA]: 'Fundamental Rights Impact Assessment (FRIA)',
  [ImpactAssessmentType.AIA]: 'Algorithmic Impact Assessment (AIA)',
  [ImpactAssessmentType.EQIA]: 'Equality Impact Assessment (EQIA)',
  [ImpactAssessmentType.OTHER]: 'Other impact assessment',
};

const EU = 'http://publications.europa.eu/resource/authority';

/** EU data themes (DCAT-AP `dcat:theme`), with their English labels. */
export const EU_DATA_THEME: Partial<Record<Theme, { iri: string; label: string }>> = {
  [Theme.SOCIAL_SERVICES]: { iri: `${EU}/data-theme/SOCI`, label: 'Population and society' },
  [Theme.HEALTH_AND_CARE]: { iri: `${EU}/data-theme/HEAL`, label: 'Health' },
  [Theme.EDUCATION]: { iri: `${EU}/data-theme/EDUC`, label: 'Education, culture and sport' },
  [Theme.MOBILITY_AND_TRANSPORT]: { iri: `${EU}/data-theme/TRAN`, label: 'Transport' },
  [Theme.ENVIRONMENT_AND_CLIMATE]: { iri: `${EU}/data-theme/ENVI`, label: 'Environment' },
  [Theme.PUBLIC_SAFETY]: {
    iri: `${EU}/data-theme/JUST`,
    label: 'Justice, legal system and public safety',
  },
  [Theme.HOUSING_AND_PLANNING]: { iri: `${EU}/data-theme/REGI`, label: 'Regions and cities' },
  [Theme.ECONOMY_AND_WORK]: { iri: `${EU}/data-theme/ECON`, label: 'Economy and finance' },
  [Theme.CULTURE_AND_LEISURE]: {
    iri: `${EU}/data-theme/EDUC`,
    label: 'Education, culture and sport',
  },
  [Theme.GOVERNMENT_AND_ADMINISTRATION]: {
    iri: `${EU}/data-theme/GOVE`,
    label: 'Government and public sector',
  },
  [Theme.TAXES_AND_FINANCE]: { iri: `${EU}/data-theme/ECON`, label: 'Economy and finance' },
};

/** EU access rights (DCAT-AP `dct:accessRights`). */
export const EU_ACCESS_RIGHT: Record<AccessRights, string> = {
  [AccessRights.PUBLIC]: `${EU}/access-right/PUBLIC`,
  [AccessRights.RESTRICTED]: `${EU}/access-right/RESTRICTED`,
  [AccessRights.NON_PUBLIC]: `${EU}/access-right/NON_PUBLIC`,
};

/** EU file types (DCAT-AP `dct:format`) of the common format names. */
export const EU_FILE_TYPES = new Set([
  'CSV',
  'JSON',
  'GEOJSON',
  'XML',
  'XLSX',
  'XLS',
  'ODS',
  'PDF',
  'ZIP',
  'HTML',
  'RDF',
  'TXT',
  'SHP',
  'GPKG',
  'PARQUET',
]);
export const euFileType = (format: string): string | undefined => {
  const name = format.trim().toUpperCase().replace(/^\./, '');
  return EU_FILE_TYPES.has(name) ? `${EU}/file-type/${name}` : undefined;
};

/** EU licences (DCAT-AP `dct:license`) of common SPDX-like licence names. */
const EU_LICENCES: Record<string, string> = {
  'CC-BY-4.0': 'CC_BY_4_0',
  'CC-BY-SA-4.0': 'CC_BYSA_4_0',
  'CC0-1.0': 'CC0',
  CC0: 'CC0',
  'EUPL-1.2': 'EUPL_1_2',
  'ODC-BY-1.0': 'ODC_BY',
  'ODBL-1.0': 'ODC_ODBL',
};
export const euLicence = (licence: string): string | undefined => {
  const trimmed = licence.trim();
  if (/^https?:\/\//.test(trimmed)) return trimmed;
  const code = EU_LICENCES[trimmed.toUpperCase()];
  return code ? `${EU}/licence/${code}` : undefined;
};

/** EU frequencies (DCAT-AP `dct:accrualPeriodicity`) of common update-frequency words. */
const EU_FREQUENCIES: Record<string, string> = {
  continuous: 'CONT',
  'real-time': 'UPDATE_CONT',
  hourly: 'HOURLY',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  yearly: 'ANNUAL',
  annually: 'ANNUAL',
  annual: 'ANNUAL',
  never: 'NEVER',
  irregular: 'IRREG',
};
export const euFrequency = (frequency: string): string | undefined => {
  const code = EU_FREQUENCIES[frequency.trim().toLowerCase()];
  return code ? `${EU}/frequency/${code}` : undefined;
};
