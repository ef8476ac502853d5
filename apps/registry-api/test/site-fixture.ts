import { DataSource } from 'typeorm';
import { ContentLanguage, EntryKind, RelationType } from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import { createTestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/** The entries the browser journeys and screenshots walk, with their slugs. */
export interface SiteFixture {
  api: RegistryApiHarness;
  slugs: { algorithm: string; dataset: string; iot: string; longWords: string };
}

/**
 * One API with a small published register: an algorithm in two versions (with an English
 * title and summary) using a dataset, an IoT deployment with a point and an area, and a dataset
 * whose title and summary hold words too long for a narrow screen; indexed for search.
 */
export async function startSiteFixture(label: string): Promise<SiteFixture> {
  // The journeys file more concerns from one address than a resident's ten an hour.
  const plenty = { points: 1000, windowSeconds: 3600 };
  const api = await RegistryApiHarness.start(
    label,
    {},
    {
      rateLimit: { limit: 100_000 },
      concernThrottle: { filePerClient: plenty, fileGlobal: plenty, codeMissesPerClient: plenty },
    },
  );
  const db = api.app.get(DataSource);
  const tokens = await createTestTokens(db);
  const setup = new EntrySetup(api.app, tokens);
  const algorithm = await setup.published(
    EntryKind.ALGORITHM,
    'Prioritering av ansökningar om ekonomiskt bistånd',
    'A',
    {
      translations: [
        {
          language: ContentLanguage.en,
          title: 'Prioritising applications for financial assistance',
          summary: 'Sorts new applications so that the most urgent are handled first.',
        },
      ],
    },
  );
  const dataset = await setup.published(EntryKind.DATASET, 'Ansökningar om ekonomiskt stöd', 'B');
  const iot = await setup.published(EntryKind.IOT_DEPLOYMENT, 'Fotgängarräknare på Götgatan');
  // Words longer than a phone's screen is wide: a compound, a link pasted as text.
  const longWords = await setup.published(
    EntryKind.DATASET,
    `Realtidstrafikinformationsinsamlingssystemsunderhållsavtalsförhandlingar ${'x'.repeat(20)}`,
    'B',
    { summary: `Se https://data.stad.example.se/${'oppnadata/'.repeat(20)}register.csv` },
  );
  await setup.link(algorithm, dataset, RelationType.USES_DATASET);
  await setup.edit(algorithm, EntryKind.ALGORITHM, {
    summary: 'Sorterar nya ansökningar så att de mest brådskande hanteras först.',
  });
  await setup.publish(algorithm);
  await new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 }).drain(60_000);
  const slug = async (id: string) =>
    ((await db.query('SELECT slug FROM entry WHERE id = $1', [id])) as { slug: string }[])[0].slug;
  return {
    api,
    slugs: {
      algorithm: await slug(algorithm),
      dataset: await slug(dataset),
      iot: await slug(iot),
      longWords: await slug(longWords),
    },
  };
}
