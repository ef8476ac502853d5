export * from './insyn-config';
export * from './config.module';
