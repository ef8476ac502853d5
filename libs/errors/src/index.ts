export * from './domain-error';
export * from './validation-problems';
export * from './plain-text';
