export * from './data-source-options';
export * from './snake-naming.strategy';
export * from './migrations';
export * from './run-migrations';
export * from './schema-drift';
export * from './with-transaction';
export * from './database-unavailable';
export * from './read-routing';
