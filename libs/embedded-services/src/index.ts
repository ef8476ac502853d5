export * from './data-folder';
export * from './embedded-meilisearch';
export * from './embedded-postgres';
export * from './embedded-services';
export * from './free-port';
export * from './postgres-binaries';
export * from './process-control';
export * from './service-log';
