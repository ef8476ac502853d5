export * from './insyn-config';
export * from './config.module';
export * from './server-node-flags';
