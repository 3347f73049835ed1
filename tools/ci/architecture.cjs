// The import table of ARCHITECTURE.md ("## Who may import whom") turned into the lint rules
// that enforce it, so the document and lint cannot disagree: eslint.config.mjs builds its
// `@nx/enforce-module-boundaries` constraints from here (tags `lib:<name>`, `app:<name>`,
// `tool:<name>`, and `scope:no-aws`), and fails (every project's lint) when
// the table is malformed, names a project that does not exist, misses one that does, or a
// project.json's `tags` differ from what its row implies.
//
//   node tools/ci/architecture.cjs     prints the table as lint reads it, or the problem
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const DOC = 'ARCHITECTURE.md';
const HEADING = '## Who may import whom';
const COLUMNS = ['project', 'one job', 'may import', 'its tests may also import', 'AWS SDK'];
const NO_AWS = 'scope:no-aws';

class ArchitectureTableError extends Error {
  constructor(problem) {
    super(`${DOC} "${HEADING}": ${problem}. Fix the table or the project, then lint again.`);
    this.name = 'ArchitectureTableError';
  }
}

/** Every Nx project of the workspace: { name, kind: 'lib' | 'app' | 'tool', dir, tags }. */
function workspaceProjects() {
  const kinds = { libs: 'lib', apps: 'app', tools: 'tool' };
  const projects = [];
  for (const [top, kind] of Object.entries(kinds)) {
    for (const dir of fs.readdirSync(path.join(root, top)).sort()) {
      const file = path.join(root, top, dir, 'project.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      projects.push({ name: json.name, kind, dir: `${top}/${dir}`, tags: json.tags ?? [] });
    }
  }
  return projects;
}

/** `model`, `csv` → ['model', 'csv']; `—` → []; "every lib" → every lib's name. */
function names(cell, libs, where) {
  const text = cell.trim();
  if (text === '—' || text === '-' || text === '') return [];
  if (/^every lib\b/.test(text)) return [...libs];
  const found = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (found.length === 0) throw new ArchitectureTableError(`${where}: "${text}" names no project (write \`name\`, "every lib" or "—")`);
  return found;
}

/** The table's rows: { project, job, imports: string[], testImports: string[], aws: boolean }. */
function readTable(text = fs.readFileSync(path.join(root, DOC), 'utf8'), projects = workspaceProjects()) {
  const start = text.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new ArchitectureTableError('the section is missing');
  const lines = text.slice(start + HEADING.length + 2).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const table = [];
  for (let i = first; i >= 0 && i < lines.length && lines[i].startsWith('|'); i += 1) table.push(lines[i]);
  const cells = (line) => line.replace(/^\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());
  if (table.length < 3 || cells(table[0]).join('|') !== COLUMNS.join('|')) {
    throw new ArchitectureTableError(`expected a table with the columns ${COLUMNS.join(' | ')}`);
  }
  const libs = projects.filter((p) => p.kind === 'lib').map((p) => p.name);
  return table.slice(2).map((line, i) => {
    const row = cells(line);
    const where = `row ${i + 1}`;
    if (row.length !== COLUMNS.length) throw new ArchitectureTableError(`${where} has ${row.length} cells, not ${COLUMNS.length}`);
    const project = /^`([^`]+)`$/.exec(row[0])?.[1];
    if (!project) throw new ArchitectureTableError(`${where}: the project cell must be one \`name\`, got "${row[0]}"`);
    if (!['yes', 'no'].includes(row[4])) throw new ArchitectureTableError(`${project}: AWS SDK must be "yes" or "no", got "${row[4]}"`);
    return { project, job: row[1], imports: names(row[2], libs, project), testImports: names(row[3], libs, `${project} (tests)`), aws: row[4] === 'yes' };
  });
}

/** The tags a project's row implies: `lib:<name>` / `app:<name>` / `tool:<name>`, and `scope:no-aws` without the AWS SDK. */
function tagsFor(project, row) {
  const kindTag = `${project.kind}:${project.name}`;
  return row.aws ? [kindTag] : [kindTag, NO_AWS];
}

/** Checks the table against the workspace (or the given text and projects); returns the rows with their projects. */
function checkedTable(text, projects = workspaceProjects()) {
  const rows = readTable(text, projects);
  const byName = new Map(projects.map((p) => [p.name, p]));
  const libs = new Set(projects.filter((p) => p.kind === 'lib').map((p) => p.name));
  const seen = new Set();
  for (const row of rows) {
    const project = byName.get(row.project);
    if (!project) throw new ArchitectureTableError(`\`${row.project}\` is not a project of this workspace (its project.json "name")`);
    if (seen.has(row.project)) throw new ArchitectureTableError(`\`${row.project}\` has two rows`);
    seen.add(row.project);
    for (const name of [...row.imports, ...row.testImports]) {
      if (!libs.has(name)) throw new ArchitectureTableError(`${row.project} may import \`${name}\`, which is not a lib`);
      if (name === row.project) throw new ArchitectureTableError(`${row.project} lists itself`);
    }
    row.kind = project.kind;
    row.dir = project.dir;
    const expected = tagsFor(project, row);
    const actual = [...project.tags].sort();
    if (expected.slice().sort().join(',') !== actual.join(',')) {
      throw new ArchitectureTableError(`${project.dir}/project.json has tags ${JSON.stringify(project.tags)}; its row means ${JSON.stringify(expected)}`);
    }
  }
  const missing = projects.filter((p) => !seen.has(p.name)).map((p) => p.dir);
  if (missing.length) throw new ArchitectureTableError(`no row for ${missing.join(', ')}`);
  // A lib without the AWS SDK may not reach it through another lib either.
  const aws = new Map(rows.map((r) => [r.project, r.aws]));
  for (const row of rows.filter((r) => !r.aws)) {
    const reaching = row.imports.filter((name) => aws.get(name));
    if (reaching.length) throw new ArchitectureTableError(`${row.project} has no AWS SDK but may import ${reaching.join(', ')}, which has`);
  }
  return rows;
}

/** `@nx/enforce-module-boundaries` depConstraints for source files, or for tests (`inTests`). */
function depConstraints(inTests, text, projects) {
  const rows = checkedTable(text, projects);
  const tagOf = (name) => `lib:${name}`;
  return rows.flatMap((row) => {
    const allowed = inTests ? [...new Set([...row.imports, ...row.testImports])] : row.imports;
    const sourceTag = `${row.kind}:${row.project}`;
    const constraint = { sourceTag, onlyDependOnLibsWithTags: allowed.map(tagOf) };
    const noAws = row.aws ? [] : [{ sourceTag: NO_AWS, bannedExternalImports: ['@aws-sdk/*', 'aws-sdk'] }];
    return [constraint, ...noAws];
  }).filter((c, i, all) => c.onlyDependOnLibsWithTags || all.findIndex((d) => d.sourceTag === c.sourceTag) === i);
}

module.exports = { readTable, checkedTable, depConstraints, ArchitectureTableError };

if (require.main === module) {
  try {
    const rows = checkedTable();
    for (const row of rows) {
      const tests = row.testImports.length ? `; tests also ${row.testImports.join(', ')}` : '';
      console.log(`${row.project.padEnd(20)} ${row.aws ? 'aws   ' : 'no-aws'} imports ${row.imports.join(', ') || 'nothing of ours'}${tests}`);
    }
    console.log(`${DOC}: ${rows.length} projects, tags match, lint enforces this table`);
  } catch (error) {
    console.error(error instanceof ArchitectureTableError ? error.message : error);
    process.exit(1);
  }
}
