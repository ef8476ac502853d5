export * from './mail-message';
export * from './mail-sender';
export * from './mail-dispatcher';
