import {
  ContentLanguage,
  EntryContent,
  EntryKind,
  LifecycleStage,
  RelationType,
  Theme,
} from '@insyn/registry';

/**
 * A seeded, deterministic generator of a realistic register: Swedish titles and summaries with
 * English translations, the three kinds (algorithms, datasets, IoT deployments) over 16
 * departments, principles, relations to earlier entries, and history (a half of the entries get
 * a second published version, an eighth a third). The same seed gives the same register.
 */

/** mulberry32: small, fast, seeded; good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BENCH_DEPARTMENTS: { slug: string; nameSv: string; nameEn: string }[] = [
  {
    slug: 'stadsbyggnadskontoret',
    nameSv: 'Stadsbyggnadskontoret',
    nameEn: 'Urban Planning Office',
  },
  { slug: 'socialforvaltningen', nameSv: 'Socialförvaltningen', nameEn: 'Social Services' },
  { slug: 'trafikkontoret', nameSv: 'Trafikkontoret', nameEn: 'Transport Office' },
  { slug: 'miljoforvaltningen', nameSv: 'Miljöförvaltningen', nameEn: 'Environment Department' },
  {
    slug: 'utbildningsforvaltningen',
    nameSv: 'Utbildningsförvaltningen',
    nameEn: 'Education Department',
  },
  { slug: 'aldreforvaltningen', nameSv: 'Äldreförvaltningen', nameEn: 'Elderly Care Department' },
  { slug: 'kulturforvaltningen', nameSv: 'Kulturförvaltningen', nameEn: 'Culture Department' },
  { slug: 'idrottsforvaltningen', nameSv: 'Idrottsförvaltningen', nameEn: 'Sports Department' },
  { slug: 'exploateringskontoret', nameSv: 'Exploateringskontoret', nameEn: 'Development Office' },
  { slug: 'fastighetskontoret', nameSv: 'Fastighetskontoret', nameEn: 'Property Office' },
  {
    slug: 'arbetsmarknadsforvaltningen',
    nameSv: 'Arbetsmarknadsförvaltningen',
    nameEn: 'Labour Market Department',
  },
  {
    slug: 'stadsledningskontoret',
    nameSv: 'Stadsledningskontoret',
    nameEn: 'City Executive Office',
  },
  {
    slug: 'serviceforvaltningen',
    nameSv: 'Serviceförvaltningen',
    nameEn: 'Service Administration',
  },
  {
    slug: 'overformyndarforvaltningen',
    nameSv: 'Överförmyndarförvaltningen',
    nameEn: 'Chief Guardian Department',
  },
  {
    slug: 'sodermalms-stadsdelsforvaltning',
    nameSv: 'Södermalms stadsdelsförvaltning',
    nameEn: 'Södermalm District Administration',
  },
  {
    slug: 'rinkeby-kista-stadsdelsforvaltning',
    nameSv: 'Rinkeby-Kista stadsdelsförvaltning',
    nameEn: 'Rinkeby-Kista District Administration',
  },
];

/** Swedish word, English word, theme. */
const SUBJECTS: [string, string, Theme][] = [
  ['parkering', 'parking', Theme.MOBILITY_AND_TRANSPORT],
  ['kamera', 'camera', Theme.PUBLIC_SAFETY],
  ['buller', 'noise', Theme.ENVIRONMENT_AND_CLIMATE],
  ['cykel', 'bicycle', Theme.MOBILITY_AND_TRANSPORT],
  ['skola', 'school', Theme.EDUCATION],
  ['bistånd', 'financial assistance', Theme.SOCIAL_SERVICES],
  ['luftkvalitet', 'air quality', Theme.ENVIRONMENT_AND_CLIMATE],
  ['trafik', 'traffic', Theme.MOBILITY_AND_TRANSPORT],
  ['bygglov', 'building permit', Theme.HOUSING_AND_PLANNING],
  ['äldreomsorg', 'elderly care', Theme.HEALTH_AND_CARE],
  ['bibliotek', 'library', Theme.CULTURE_AND_LEISURE],
  ['avfall', 'waste', Theme.ENVIRONMENT_AND_CLIMATE],
  ['vatten', 'water', Theme.ENVIRONMENT_AND_CLIMATE],
  ['energi', 'energy', Theme.ENVIRONMENT_AND_CLIMATE],
  ['belysning', 'street lighting', Theme.PUBLIC_SAFETY],
  ['snöröjning', 'snow clearing', Theme.MOBILITY_AND_TRANSPORT],
  ['förskola', 'preschool', Theme.EDUCATION],
  ['hemtjänst', 'home care', Theme.HEALTH_AND_CARE],
  ['kollektivtrafik', 'public transport', Theme.MOBILITY_AND_TRANSPORT],
  ['fotgängare', 'pedestrians', Theme.MOBILITY_AND_TRANSPORT],
  ['översvämning', 'flooding', Theme.ENVIRONMENT_AND_CLIMATE],
  ['stadsträd', 'city trees', Theme.ENVIRONMENT_AND_CLIMATE],
  ['fakturor', 'invoices', Theme.TAXES_AND_FINANCE],
  ['arbetsmarknad', 'labour market', Theme.ECONOMY_AND_WORK],
  ['bostäder', 'housing', Theme.HOUSING_AND_PLANNING],
  ['idrottshallar', 'sports halls', Theme.CULTURE_AND_LEISURE],
  ['ärenden', 'case handling', Theme.GOVERNMENT_AND_ADMINISTRATION],
  ['felanmälan', 'fault reports', Theme.GOVERNMENT_AND_ADMINISTRATION],
];

const ACTIVITIES: [string, string][] = [
  ['Prioritering', 'Prioritising'],
  ['Prognos', 'Forecasting'],
  ['Räkning', 'Counting'],
  ['Mätning', 'Measuring'],
  ['Planering', 'Planning'],
  ['Sortering', 'Sorting'],
  ['Övervakning', 'Monitoring'],
  ['Analys', 'Analysis'],
  ['Fördelning', 'Allocation'],
  ['Bedömning', 'Assessment'],
  ['Kartläggning', 'Mapping'],
  ['Uppföljning', 'Follow-up'],
];

const PLACES = [
  'Södermalm',
  'Kungsholmen',
  'Vasastan',
  'Östermalm',
  'Rinkeby',
  'Skärholmen',
  'Hägersten',
  'Farsta',
  'Bromma',
  'Spånga',
  'Norrmalm',
  'Enskede',
  'Kista',
  'Hammarby sjöstad',
  'Älvsjö',
  'Vällingby',
];

const PRINCIPLES = [
  'TRANSPARENCY_AND_NON_DISCRIMINATION',
  'PRIVACY_AND_SECURITY',
  'PARTICIPATION_AND_INCLUSION',
  'ACCESS_AND_LITERACY',
  'OPEN_ETHICAL_STANDARDS',
];

const RATIONALES = [
  'Påverkar invånare direkt och ska kunna granskas.',
  'Behandlar uppgifter som kan röra enskilda personer.',
  'Invånarna har fått lämna synpunkter på införandet.',
  'Resultaten redovisas öppet på stadens webbplats.',
  'Bygger på öppna standarder och kan granskas av andra.',
];

const LIFECYCLES = [LifecycleStage.IN_USE, LifecycleStage.IN_USE, LifecycleStage.IN_USE];

/** Words that occur in the register, for the search queries (Swedish and English). */
export const SEARCH_WORDS: string[] = [
  ...SUBJECTS.flatMap(([sv, en]) => [sv, en.split(' ')[0]]),
  ...ACTIVITIES.flatMap(([sv, en]) => [sv.toLowerCase(), en.toLowerCase()]),
  ...PLACES.map((p) => p.split(' ')[0].toLowerCase()),
];

export interface GeneratedEntry {
  index: number;
  kind: EntryKind;
  departmentSlug: string;
  /** Content overrides, laid over a complete published template of the same kind. */
  content: Partial<EntryContent> & Pick<EntryContent, 'title' | 'summary'>;
  /** A relation to an earlier entry (by index), when its kinds allow one. */
  link?: { type: RelationType; to: number };
  /** Published versions in all (1 to 3): each later one an edit of the summary. */
  versions: number;
}

const KINDS = [
  EntryKind.ALGORITHM,
  EntryKind.ALGORITHM,
  EntryKind.DATASET,
  EntryKind.IOT_DEPLOYMENT,
];

/** The entry at `index` of the register of `seed`. */
export function generateEntry(index: number, seed = 14): GeneratedEntry {
  const random = seededRandom(seed * 1_000_003 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const kind = pick(KINDS);
  const [subjectSv, subjectEn, theme] = pick(SUBJECTS);
  const [other] = pick(SUBJECTS);
  const [activitySv, activityEn] = pick(ACTIVITIES);
  const place = pick(PLACES);
  const department = BENCH_DEPARTMENTS[index % BENCH_DEPARTMENTS.length];
  const what =
    kind === EntryKind.DATASET
      ? ['Datamängd', 'Dataset']
      : kind === EntryKind.IOT_DEPLOYMENT
        ? ['Sensorer', 'Sensors']
        : ['Algoritm', 'Algorithm'];
  const title = `${activitySv} av ${subjectSv} i ${place}`;
  const summary =
    `${what[0]} som används av ${department.nameSv.toLowerCase()} för ${activitySv.toLowerCase()} ` +
    `av ${subjectSv} och ${other} i ${place}. Resultatet granskas av en handläggare innan det används.`;
  const principleCount = 1 + Math.floor(random() * 3);
  const principles = [...PRINCIPLES]
    .sort(() => random() - 0.5)
    .slice(0, principleCount)
    .map((code, i) => ({ code, rationale: RATIONALES[(index + i) % RATIONALES.length] }));
  let link: GeneratedEntry['link'];
  if (index > 0 && random() < 0.6) {
    const to = Math.floor(random() * index);
    const toKind = generateEntryKind(to, seed);
    const type =
      toKind === EntryKind.DATASET && kind === EntryKind.ALGORITHM
        ? RelationType.USES_DATASET
        : toKind === EntryKind.IOT_DEPLOYMENT && kind !== EntryKind.IOT_DEPLOYMENT
          ? RelationType.FED_BY_DEPLOYMENT
          : RelationType.PART_OF;
    link = { type, to };
  }
  const roll = random();
  return {
    index,
    kind,
    departmentSlug: department.slug,
    content: {
      title,
      summary,
      translations: [
        {
          language: ContentLanguage.en,
          title: `${activityEn} of ${subjectEn} in ${place}`,
          summary:
            `${what[1]} used by the ${department.nameEn} for ${activityEn.toLowerCase()} of ` +
            `${subjectEn} in ${place}. A caseworker reviews every result before it is used.`,
        },
      ],
      keywords: [subjectSv, subjectEn, place],
      theme,
      principles,
      lifecycle: {
        stage: pick(LIFECYCLES),
        startDate: `20${20 + (index % 6)}-0${1 + (index % 9)}-01`,
      },
    } as GeneratedEntry['content'],
    link,
    versions: roll < 0.125 ? 3 : roll < 0.5 ? 2 : 1,
  };
}

/** The kind of the entry at `index` (the generator's first draw), without the rest. */
function generateEntryKind(index: number, seed: number): EntryKind {
  const random = seededRandom(seed * 1_000_003 + index);
  return KINDS[Math.floor(random() * KINDS.length)];
}

/**
 * 200 search queries over the register's words: 1–3 words; a fifth with a typo (a letter
 * dropped or two swapped in a word of 5 letters or more), a fifth with a facet filter.
 */
export interface BenchQuery {
  query: string;
  filter?: { kind?: EntryKind[]; department?: string[]; theme?: Theme[] };
}

export function generateQueries(count = 200, seed = 14): BenchQuery[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SEARCH_WORDS));
    if (i % 5 === 1) {
      const at = words.findIndex((w) => w.length >= 5);
      if (at >= 0) words[at] = typo(words[at], random);
    }
    const query: BenchQuery = { query: words.join(' ') };
    if (i % 5 === 3) {
      const facet = i % 3;
      query.filter =
        facet === 0
          ? { kind: [pick(KINDS)] }
          : facet === 1
            ? { department: [pick(BENCH_DEPARTMENTS).slug] }
            : { theme: [pick(SUBJECTS)[2]] };
    }
    queries.push(query);
  }
  return queries;
}

function typo(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  return random() < 0.5
    ? word.slice(0, at) + word.slice(at + 1)
    : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}
