// Three tiers, chosen by file suffix: unit tests sit beside the code they test;
// contract and end-to-end tests live under test/.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  // A project cannot set its own; end-to-end tests start real apps and processes.
  testTimeout: 30000,
  projects: [
    project('unit', [
      '<rootDir>/src/**/*.unit.spec.ts',
      '<rootDir>/test/architecture/**/*.spec.ts',
    ]),
    project('contract', ['<rootDir>/test/contract/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/test/e2e/**/*.e2e.spec.ts']),
  ],
};
