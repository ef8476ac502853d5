export * from './meilisearch.health';
export * from './search-connection';
