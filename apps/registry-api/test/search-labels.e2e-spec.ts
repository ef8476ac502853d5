import { DataSource } from 'typeorm';
import {
  AiActClass,
  AlgorithmType,
  EntryKind,
  PersonalDataLevel,
  RiskClass,
  SensorType,
} from '@insyn/registry';
import {
  PublicEntryDocument,
  PUBLIC_INDEX_SETTINGS,
  SEARCHABLE_ATTRIBUTES,
  SearchIndexer,
  SearchRuntime,
} from '@insyn/search';
import {
  buildEntryContent,
  createPublishedEntry,
  CreatedEntry,
  GraphQLClient,
} from '@insyn/testing';
import { startFromPreviousIndex } from './previous-index';
import { RegistryApiHarness } from './registry-api.harness';

const SEARCH = `query Search($query: String, $filter: SearchFilterInput) {
  search(query: $query, filter: $filter, first: 100) {
    hits { id title summary titleHighlighted summaryHighlighted }
  }
}`;

interface Hit {
  id: string;
  title: string;
  summary: string;
  titleHighlighted: string;
  summaryHighlighted: string;
}

const DEPARTMENT = 'etikettforvaltningen';

/** The settings and documents of an index written before values were named in search. */
const PREVIOUS_SETTINGS = {
  ...PUBLIC_INDEX_SETTINGS,
  searchableAttributes: SEARCHABLE_ATTRIBUTES.filter((a) => a !== 'valueLabels'),
};

/**
 * A reader finds an entry by the words its page shows for its values ("hög risk", "machine
 * learning", "IoT"), in Swedish and English, but never by the name of a value the department
 * withholds. Starts from an index written before, as an upgraded installation does.
 */
describe('search by the names the pages give values (real PostgreSQL and Meilisearch)', () => {
  let api: RegistryApiHarness;
  let dataSource: DataSource;
  let runtime: SearchRuntime;
  let indexer: SearchIndexer;
  let anonymous: GraphQLClient;
  const entries: Record<string, CreatedEntry> = {};

  const hits = async (query: string, department?: string): Promise<Hit[]> =>
    (
      await anonymous.data<{ search: { hits: Hit[] } }>(SEARCH, {
        query,
        filter: department ? { department: [department] } : undefined,
      })
    ).search.hits;
  const found = async (query: string, department?: string) =>
    (await hits(query, department)).map((h) => h.id).sort();
  const ids = (...names: string[]) => names.map((name) => entries[name].entry.id).sort();

  beforeAll(async () => {
    api = await RegistryApiHarness.start('search-labels');
    dataSource = api.app.get(DataSource);
    runtime = api.app.get(SearchRuntime);
    anonymous = api.graphql();

    // Titles and texts that name none of the values: only the names can find them.
    const plain = {
      description: 'Ett stöd i vardagen.',
      keywords: ['vardag'],
      impactAssessments: [],
      noImpactAssessmentReason: 'Bedöms årligen.',
    };
    entries.learning = await createPublishedEntry(dataSource, {
      department: DEPARTMENT,
      content: {
        ...plain,
        title: 'Prioritering av hembesök',
        summary: 'Föreslår vilka hushåll som besöks först',
        personalData: PersonalDataLevel.PERSONAL,
        algorithm: {
          decisionProcess: 'En handläggare går igenom listan.',
          algorithmType: AlgorithmType.MACHINE_LEARNING,
          riskClass: RiskClass.HIGH,
          aiActClass: AiActClass.LIMITED,
        },
      },
      enqueue: false,
    });
    entries.rules = await createPublishedEntry(dataSource, {
      department: DEPARTMENT,
      content: {
        ...plain,
        title: 'Sortering av inkorgen',
        summary: 'Lägger brev i rätt korg',
        algorithm: {
          decisionProcess: 'Fasta villkor.',
          algorithmType: AlgorithmType.RULE_BASED,
          riskClass: RiskClass.LOW,
          aiActClass: AiActClass.NOT_AI,
        },
      },
      enqueue: false,
    });
    // The same values, withheld: the risk class alone, and the whole algorithm section.
    entries.riskWithheld = await createPublishedEntry(dataSource, {
      department: DEPARTMENT,
      content: {
        ...plain,
        title: 'Urval till kontroller',
        summary: 'Väljer ärenden att granska',
        algorithm: {
          decisionProcess: 'Urvalet granskas.',
          algorithmType: AlgorithmType.RULE_BASED,
          riskClass: RiskClass.HIGH,
          aiActClass: AiActClass.NOT_AI,
        },
        withheld: [{ field: 'algorithm.riskClass', legalGround: 'OSL 18:8' }],
      },
      enqueue: false,
    });
    entries.algorithmWithheld = await createPublishedEntry(dataSource, {
      department: DEPARTMENT,
      content: {
        ...plain,
        title: 'Bedömning av ansökningar',
        summary: 'Rangordnar inkomna ansökningar',
        algorithm: {
          decisionProcess: 'Rangordningen granskas.',
          algorithmType: AlgorithmType.MACHINE_LEARNING,
          riskClass: RiskClass.HIGH,
          aiActClass: AiActClass.LIMITED,
        },
        withheld: [{ field: 'algorithm', legalGround: 'OSL 18:8' }],
      },
      enqueue: false,
    });
    entries.camera = await createPublishedEntry(dataSource, {
      kind: EntryKind.IOT_DEPLOYMENT,
      department: DEPARTMENT,
      content: {
        ...plain,
        title: 'Räkning vid entréer',
        summary: 'Räknar besökare per timme',
        personalData: PersonalDataLevel.NONE,
        principles: [{ code: 'PRIVACY_AND_SECURITY', rationale: 'Ingen bild sparas.' }],
        iotDeployment: {
          ...buildEntryContent(EntryKind.IOT_DEPLOYMENT).iotDeployment!,
          sensorType: SensorType.WIFI_COUNTER,
        },
      },
      enqueue: false,
    });

    // The index as the previous version of Insyn left it (documents without the names),
    // then the new version started on it.
    indexer = await startFromPreviousIndex({
      dataSource,
      runtime,
      databaseUrl: api.database.url,
      entryIds: Object.values(entries).map((e) => e.entry.id),
      previousSettings: PREVIOUS_SETTINGS,
      addedSince: 'valueLabels',
    });
  });

  afterAll(async () => {
    await indexer?.stop();
    await api?.stop();
  });

  it('upgrades an existing index: the names are searched, and in every document', async () => {
    const index = (await runtime.writeClient()).index<PublicEntryDocument>(runtime.indexName);
    const settings = await index.getSettings();
    expect(settings.searchableAttributes).toEqual(SEARCHABLE_ATTRIBUTES);
    const document = await index.getDocument(entries.learning.entry.id);
    expect(document.valueLabels).toEqual(expect.arrayContaining(['Hög risk', 'High risk']));
  });

  it('finds an entry by its risk class, in Swedish and in English', async () => {
    expect(await found('hög risk', DEPARTMENT)).toEqual(ids('learning'));
    expect(await found('high risk', DEPARTMENT)).toEqual(ids('learning'));
    expect(await found('låg risk', DEPARTMENT)).toEqual(ids('rules'));
  });

  it('finds an entry by its technique, in Swedish and in English, with a typo too', async () => {
    for (const words of [
      'maskininlärning',
      'machine learning',
      'maskininlärnig',
      'machine lerning',
      'regelbaserad',
      'rule-based',
    ])
      expect({ words, found: await found(words, DEPARTMENT) }).toEqual({
        words,
        found: words.startsWith('r') ? ids('rules', 'riskWithheld') : ids('learning'),
      });
  });

  it('finds an entry by its kind and sensor type, in either language', async () => {
    expect(await found('iot', DEPARTMENT)).toEqual(ids('camera'));
    expect(await found('wifi-räknare', DEPARTMENT)).toEqual(ids('camera'));
    expect(await found('wi-fi counter', DEPARTMENT)).toEqual(ids('camera'));
    expect(await found('algoritm', DEPARTMENT)).toEqual(
      ids('learning', 'rules', 'riskWithheld', 'algorithmWithheld'),
    );
  });

  it('never finds an entry by the name of a value it withholds', async () => {
    // Each is found by its own words: the withheld value alone is missing.
    expect(await found('kontroller')).toEqual(ids('riskWithheld'));
    expect(await found('rangordnar')).toEqual(ids('algorithmWithheld'));
    for (const words of ['hög risk', 'high risk', 'maskininlärning', 'machine lerning'])
      expect({ words, found: await found(words) }).toEqual({ words, found: ids('learning') });
    // Nor by what the AI Act class withheld with the algorithm section would say.
    expect(await found('begränsad risk')).toEqual(ids('learning'));
  });

  it('does not find an entry by the name of what it is not ("no personal data")', async () => {
    expect(await found('personuppgifter', DEPARTMENT)).toEqual(ids('learning'));
    expect(await found('personal data', DEPARTMENT)).toEqual(ids('learning'));
  });

  it('returns no names with a hit, and marks none in its title or summary', async () => {
    const [hit] = await hits('hög risk', DEPARTMENT);
    expect(hit).toEqual({
      id: entries.learning.entry.id,
      title: 'Prioritering av hembesök',
      summary: 'Föreslår vilka hushåll som besöks först',
      titleHighlighted: 'Prioritering av hembesök',
      summaryHighlighted: 'Föreslår vilka hushåll som besöks först',
    });
  });

  it("finds it on the site's search page by the words its page shows", async () => {
    for (const [lang, words] of [
      ['sv', 'hög risk'],
      ['en', 'high risk'],
    ]) {
      const response = await fetch(
        `${api.baseUrl}/${lang}/search?q=${encodeURIComponent(words)}&department=${DEPARTMENT}`,
      );
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Prioritering av hembesök');
      expect(html).not.toContain('Urval till kontroller');
      expect(html).not.toContain('Bedömning av ansökningar');
    }
  });
});
