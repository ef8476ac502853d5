export * from './insyn-config';
export * from './config.module';
export * from './server-node-flags';
export * from './supported-node';
