// node --test tools/ci/architecture.test.cjs — the import table check (run by the ci project's lint).
const test = require('node:test');
const assert = require('node:assert/strict');
const { checkedTable, depConstraints } = require('./architecture.cjs');

const projects = [
  { name: 'util', kind: 'lib', dir: 'libs/util', tags: ['lib:util', 'scope:no-aws'] },
  { name: 'csv', kind: 'lib', dir: 'libs/csv', tags: ['lib:csv', 'scope:no-aws'] },
  { name: 's3-extract', kind: 'lib', dir: 'libs/s3-extract', tags: ['lib:s3-extract'] },
  { name: 'pipeline', kind: 'app', dir: 'apps/pipeline', tags: ['app:pipeline'] },
];
const doc = (rows) =>
  [
    '# Architecture',
    '',
    '## Who may import whom',
    '',
    'Some words first.',
    '',
    '| project | one job | may import | its tests may also import | AWS SDK |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Next',
  ].join('\n');
const good = [
  '| `util` | helpers | — | — | no |',
  '| `csv` | reader | `util` | — | no |',
  '| `s3-extract` | S3 | `csv`, `util` | — | yes |',
  '| `pipeline` | the app | every lib | — | yes |',
];

test('a table that matches the projects becomes one constraint per row, tests widened, AWS banned where it says no', () => {
  const constraints = depConstraints(false, doc(good), projects);
  assert.deepEqual(
    constraints.filter((c) => c.onlyDependOnLibsWithTags).map((c) => [c.sourceTag, c.onlyDependOnLibsWithTags]),
    [
      ['lib:util', []],
      ['lib:csv', ['lib:util']],
      ['lib:s3-extract', ['lib:csv', 'lib:util']],
      ['app:pipeline', ['lib:util', 'lib:csv', 'lib:s3-extract']],
    ],
  );
  assert.deepEqual(constraints.filter((c) => c.bannedExternalImports).map((c) => c.sourceTag), ['scope:no-aws']);
});

test("a test column adds to that project's tests only", () => {
  const text = doc([good[0], '| `csv` | reader | `util` | `s3-extract` | no |', good[2], good[3]]);
  const inTests = depConstraints(true, text, projects).find((c) => c.sourceTag === 'lib:csv');
  const inSource = depConstraints(false, text, projects).find((c) => c.sourceTag === 'lib:csv');
  assert.deepEqual(inTests.onlyDependOnLibsWithTags, ['lib:util', 'lib:s3-extract']);
  assert.deepEqual(inSource.onlyDependOnLibsWithTags, ['lib:util']);
});

test('a project without a row, a row without a project, and wrong tags are each named', () => {
  assert.throws(() => checkedTable(doc([good[0], good[1], good[3]]), projects), /no row for libs\/s3-extract/);
  assert.throws(() => checkedTable(doc([...good, '| `plots` | charts | — | — | no |']), projects), /`plots` is not a project of this workspace/);
  const retagged = projects.map((p) => (p.name === 'csv' ? { ...p, tags: ['type:lib', 'layer:csv'] } : p));
  assert.throws(() => checkedTable(doc(good), retagged), /libs\/csv\/project.json has tags \["type:lib","layer:csv"\]; its row means \["lib:csv","scope:no-aws"\]/);
});

test('an import of something that is not a lib, or of an AWS lib from a no-AWS one, is refused', () => {
  assert.throws(() => checkedTable(doc([good[0], '| `csv` | reader | `pipeline` | — | no |', good[2], good[3]]), projects), /csv may import `pipeline`, which is not a lib/);
  assert.throws(() => checkedTable(doc([good[0], '| `csv` | reader | `s3-extract` | — | no |', good[2], good[3]]), projects), /csv has no AWS SDK but may import s3-extract, which has/);
});

test('a malformed table says what it expected', () => {
  assert.throws(() => checkedTable('# Architecture\n', projects), /the section is missing/);
  assert.throws(() => checkedTable(doc(['| `util` | helpers | — | no |']), projects), /row 1 has 4 cells, not 5/);
});

test("this repository's ARCHITECTURE.md agrees with its projects", () => {
  assert.ok(checkedTable().length > 10);
});
