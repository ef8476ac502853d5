export * from './mail-message';
export * from './mail-folder';
export * from './mail-sender';
export * from './mail-dispatcher';
