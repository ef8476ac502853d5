export * from './graphql-client';
export * from './test-database';
export * from './test-environment';
export * from './test-tokens';
export * from './entry-factories';
export * from './eventually';
export * from './app-process';
