// node --test tools/ci/project-config.test.cjs — the workspace configuration check (run by the ci project's lint).
const test = require('node:test');
const assert = require('node:assert/strict');
const { duplicateKeys, tsxWithoutTsconfig } = require('./project-config.cjs');

test('a key given twice in one object is named with its line; the same key in two objects is fine', () => {
  const text = '{\n  "options": {\n    "env": { "A": "1" },\n    "env": { "B": "2" }\n  },\n  "other": { "env": {} }\n}\n';
  assert.deepEqual(duplicateKeys('x/project.json', text), ['x/project.json:4: key "env" given twice in one object']);
  assert.deepEqual(duplicateKeys('y/project.json', '{ "a": { "env": 1 }, "b": { "env": 2 } }'), []);
});

test('a target run through node --import tsx needs TSX_TSCONFIG_PATH in its env', () => {
  const json = {
    targets: {
      run: { options: { command: 'node --import tsx apps/x/src/main.ts', env: { TSX_TSCONFIG_PATH: 'tsconfig.base.json' } } },
      synth: { options: { command: 'node --import tsx apps/x/src/main.ts', env: { CDK_OUTDIR: 'out' } } },
      lint: { options: { command: 'eslint apps/x' } },
    },
  };
  assert.deepEqual(tsxWithoutTsconfig('x/project.json', json), ['x/project.json: target "synth" runs node --import tsx without TSX_TSCONFIG_PATH in its env']);
});

test("this repository's configuration passes", () => {
  const { execFileSync } = require('node:child_process');
  assert.match(execFileSync(process.execPath, [require.resolve('./project-config.cjs')], { encoding: 'utf8' }), /no duplicate keys/);
});
