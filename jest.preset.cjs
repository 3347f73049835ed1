// Shared jest settings. CommonJS-mode jest; swc transforms our TypeScript and the
// ESM-only dependencies (d3, arquero, jsdom's parsers) into CommonJS.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// One temp folder per jest run, removed when jest exits: tests (and the processes they start,
// which inherit TMPDIR) create folders under os.tmpdir() freely and leave none behind. This
// file is read by jest's main process before its workers start, and only there.
if (!process.env.ECOMLAKE_JEST_TMPDIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecomlake-jest-'));
  process.env.ECOMLAKE_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

const esmPackages = [
  'd3',
  'd3-.*',
  'internmap',
  'delaunator',
  'robust-predicates',
  'arquero',
  '@uwdata',
  'parse5.*',
  'entities',
  // jsdom 31's ES-module-only dependencies.
  'bcp-47.*',
  'is-alphabetical',
  'is-alphanumerical',
  'is-decimal',
  'lru-cache',
  'tough-cookie',
  '@exodus',
  '@asamuzakjp',
  '@csstools',
  'topojson-client',
  'hyparquet',
  'hyparquet-writer',
];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@ecomlake/([a-z0-9-]+)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    // Secondary entry points (test data generators a lib shares with the libs above it).
    '^@ecomlake/([a-z0-9-]+)/testing$': path.join(__dirname, 'libs/$1/src/testing.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // `test` leaves out the end-to-end suites: those over the whole real dataset (minutes each)
  // and those that run an app as its own process, as a user does (`src/e2e/`). The `e2e`
  // target runs only those (ECOMLAKE_JEST_SUITE=e2e), so `nx affected -t test` stays quick.
  ...(process.env.ECOMLAKE_JEST_SUITE === 'e2e'
    ? { testMatch: ['**/?(*.)+(real|full)-dataset.spec.ts', '**/src/e2e/**/*.spec.ts'] }
    : { testMatch: ['**/?(*.)+(spec|test).ts'], testPathIgnorePatterns: ['/node_modules/', '(real|full)-dataset\\.spec\\.ts$', '/src/e2e/'] }),
  testTimeout: 60_000,
};
