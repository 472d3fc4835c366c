// Three tiers, chosen by file suffix: unit tests sit beside the code they test;
// contract and end-to-end tests live under test/.
// ts-jest only transpiles (each file on its own): type checking is `npm run lint`'s
// job, and a transpile-only run keeps the suite fast on two cores. ts-jest rather
// than @swc/jest because the registry here serves no other platform's swc binaries,
// which leaves `npm ci` unable to honour a lock file that names them.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
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
      '<rootDir>/test/deployment/**/*.spec.ts',
    ]),
    project('contract', [
      '<rootDir>/test/contract/**/*.int.spec.ts',
      '<rootDir>/test/integration/**/*.int.spec.ts',
    ]),
    project('e2e', ['<rootDir>/test/e2e/**/*.e2e.spec.ts']),
    // The analyst's page in Debian's Chromium (playwright-core; see test/support/browser.ts).
    project('browser', ['<rootDir>/test/browser/**/*.browser.spec.ts']),
  ],
};
