export * from './domain-error';
export * from './validation-problems';
export * from './plain-text';
export * from './text-rule';
export * from './json-nesting';
export * from './web-address';
export * from './cursor-text';
export * from './email-address';
