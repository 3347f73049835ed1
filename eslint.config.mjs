import nx from '@nx/eslint-plugin';
import architecture from './tools/ci/architecture.cjs';

// Module boundaries come from ARCHITECTURE.md's "Who may import whom" table (read by
// tools/ci/architecture.cjs): each lib is tagged lib:<name>, apps `app`, tools `tool`, and
// scope:no-aws bans the AWS SDK. A table that disagrees with the projects fails here.
const boundaries = (inTests) => [
  'error',
  { enforceBuildableLibDependency: true, allow: [], depConstraints: architecture.depConstraints(inTests) },
];

const TESTS = ['**/*.spec.ts', '**/test/**/*.ts', '**/test-fixtures/**/*.ts', '**/e2e/**/*.ts', '**/src/testing.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/out', '**/.data', '**/coverage', '**/test-output'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // A lib's /testing entry is for other projects' tests (and tools), never for what ships.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@ecomlake/*/testing'], message: 'a /testing entry is for tests only (ARCHITECTURE.md, "Who may import whom").' }] },
      ],
    },
  },
  {
    // No function over 100 lines in what ships or runs (issue 22; ARCHITECTURE.md, "Principles"):
    // decide as data, then execute thinly. The CSV scanners' hot loops are one function on
    // purpose (a call per byte costs); tests are left out. tools/ci/code-shape.cjs measures.
    files: ['libs/**/*.ts', 'apps/**/*.ts', 'tools/**/*.ts'],
    ignores: [...TESTS, 'libs/csv/src/lib/push-parser.ts', 'libs/csv/src/lib/scan-records.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: false, skipComments: false, IIFEs: true }] },
  },
  {
    // Tests may also import what their row's "its tests may also import" column lists.
    files: TESTS,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
];
