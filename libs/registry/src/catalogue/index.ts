export * from './field-descriptor';
export * from './entry-field-catalogue';
export * from './catalogue-fields';
export * from './publication-messages';
export * from './content-sizes';
export * from './list-items';
export * from './enum-labels';
