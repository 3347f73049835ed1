// Counts the names each lib's barrel (src/index.ts, and src/testing.ts for `/testing`) exports,
// and who imports each: other projects' sources, other projects' tests only, README ```ts
// blocks only, or nobody outside the lib. A barrel should hold what other projects and its
// README use (issue 22); the "nobody else" column counts what could leave it. "Values" are the
// names not exported as `type` (functions, classes, constants): a type in an exported signature
// stays with it, a value needs a user.
//
//   node tools/ci/exports.cjs              one table line per lib entry
//   node tools/ci/exports.cjs --unused     plus the names nobody outside the lib imports
//   node tools/ci/exports.cjs --json       the figures as one JSON line
//
// Parsing is syntactic (the barrels re-export by name; `export *` is counted as one name "*").
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const args = new Set(process.argv.slice(2));
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.data', 'coverage', 'test-output', 'cdk.out']);

/** Every .ts file under dir (recursively), skipping build and data folders. */
function tsFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) found.push(...tsFiles(path.join(dir, entry.name)));
    } else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(path.join(dir, entry.name));
    }
  }
  return found;
}

/** The project a repository path belongs to: "libs/csv", "apps/pipeline", "tools/bench", or "." */
function projectOf(rel) {
  const parts = rel.split(path.sep);
  return ['libs', 'apps', 'tools'].includes(parts[0]) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : '.';
}

const isTestPath = (rel) => /\.spec\.ts$|\.test\.ts$|[/\\](test|test-fixtures|e2e)[/\\]/.test(rel);

/** Names a barrel exports (local name as seen by importers); `typeNames` collects those exported as types only. */
function barrelNames(file, typeNames = new Set()) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) names.push('*');
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const el of statement.exportClause.elements) {
          names.push(el.name.text);
          if (statement.isTypeOnly || el.isTypeOnly) typeNames.add(el.name.text);
        }
      } else names.push(statement.exportClause.name.text);
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) names.push(d.name.getText());
      else if (statement.name) names.push(statement.name.text);
    }
  }
  return names;
}

/** Calls visit(specifier, importedName) for every name a source imports from a module. */
function importedNames(text, fileName, visit) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const walk = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (ts.isImportDeclaration(node)) {
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) visit(spec, (el.propertyName ?? el.name).text);
        else if (bindings) visit(spec, '*');
        if (node.importClause?.name) visit(spec, 'default');
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) visit(spec, (el.propertyName ?? el.name).text);
      } else visit(spec, '*');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // import('@ecomlake/x').Name in a type position
      if (node.qualifier) visit(node.argument.literal.text, ts.isIdentifier(node.qualifier) ? node.qualifier.text : node.qualifier.left.getText());
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      visit(node.arguments[0].text, '*');
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
}

const libs = fs.readdirSync(path.join(root, 'libs')).filter((d) => fs.existsSync(path.join(root, 'libs', d, 'src', 'index.ts'))).sort();
// entry "@ecomlake/csv" or "@ecomlake/csv/testing" -> { lib, names, users: Map<name, Set<kind>> }
const entries = new Map();
for (const lib of libs) {
  for (const [sub, file] of [['', 'index.ts'], ['/testing', 'testing.ts']]) {
    const full = path.join(root, 'libs', lib, 'src', file);
    if (!fs.existsSync(full)) continue;
    const typeNames = new Set();
    const names = barrelNames(full, typeNames);
    entries.set(`@ecomlake/${lib}${sub}`, { lib: `libs/${lib}`, names, typeNames, users: new Map(names.map((n) => [n, new Set()])) });
  }
}

function record(fromProject, kind, spec, name) {
  const entry = entries.get(spec);
  if (!entry || fromProject === entry.lib) return;
  const users = entry.users.get(name) ?? entry.users.get('*');
  if (users) users.add(kind);
  else if (name === '*') for (const set of entry.users.values()) set.add(kind);
}

for (const top of ['libs', 'apps', 'tools']) {
  for (const file of tsFiles(path.join(root, top))) {
    const rel = path.relative(root, file);
    const project = projectOf(rel);
    const kind = isTestPath(rel) ? 'test' : 'src';
    importedNames(fs.readFileSync(file, 'utf8'), rel, (spec, name) => record(project, kind, spec, name));
  }
}

// README ```ts blocks: the lib's own README counts as a user of its own names (it documents them).
const readmes = ['README.md', ...['libs', 'apps', 'tools'].flatMap((top) =>
  fs.readdirSync(path.join(root, top)).map((d) => path.join(top, d, 'README.md')))].filter((f) => fs.existsSync(path.join(root, f)));
for (const readme of readmes) {
  const text = fs.readFileSync(path.join(root, readme), 'utf8');
  for (const match of text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
    importedNames(match[1], `${readme}.ts`, (spec, name) => record(`readme:${readme}`, 'readme', spec, name));
  }
}

const rows = [];
for (const [spec, entry] of entries) {
  const counts = { exported: entry.names.length, values: entry.names.length - entry.typeNames.size, src: 0, testOnly: 0, readmeOnly: 0, unused: 0, unusedValues: 0 };
  const unused = [];
  const testOnly = [];
  for (const [name, kinds] of entry.users) {
    if (kinds.has('src')) counts.src++;
    else if (kinds.has('test')) { counts.testOnly++; testOnly.push(name); }
    else if (kinds.has('readme')) counts.readmeOnly++;
    else {
      counts.unused++;
      if (!entry.typeNames.has(name)) counts.unusedValues++;
      unused.push(name);
    }
  }
  rows.push({ entry: spec, ...counts, unusedNames: unused, testOnlyNames: testOnly });
}

if (args.has('--json')) {
  console.log(JSON.stringify(rows.map(({ unusedNames, testOnlyNames, ...r }) => (args.has('--unused') ? { ...r, unusedNames, testOnlyNames } : r))));
} else {
  const header = ['entry', 'exported', 'of them values', 'other projects', 'their tests only', 'README only', 'nobody else', 'of them values'];
  const lines = rows.map((r) => [r.entry, r.exported, r.values, r.src, r.testOnly, r.readmeOnly, r.unused, r.unusedValues].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  const total = rows.reduce((a, r) => ({ exported: a.exported + r.exported, unused: a.unused + r.unused }), { exported: 0, unused: 0 });
  console.log(`total: ${total.exported} exported, ${total.unused} used by no other project or README`);
  if (args.has('--unused')) {
    for (const r of rows) {
      if (r.unusedNames.length) console.log(`\n${r.entry} — nobody else: ${r.unusedNames.join(', ')}`);
      if (r.testOnlyNames.length) console.log(`${r.entry} — other projects' tests only: ${r.testOnlyNames.join(', ')}`);
    }
  }
}
