// The shape of the code per project: source lines (tests left out) and its longest function,
// the figures issue 22's closing note reports before and after. eslint's
// max-lines-per-function (eslint.config.mjs) is what enforces the limit; this only measures.
//
//   node tools/ci/code-shape.cjs              one line per lib, app and tool
//   node tools/ci/code-shape.cjs --over 100   plus every function longer than 100 lines, tests included
//   node tools/ci/code-shape.cjs --root DIR   another checkout (e.g. `git worktree add` of an older commit)
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = path.resolve(option('--root') ?? path.join(__dirname, '..', '..'));
const over = option('--over') === undefined ? undefined : Number(option('--over'));
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.data', 'coverage', 'test-output', 'cdk.out']);
const isTestPath = (rel) => /\.spec\.ts$|\.test\.ts$|[/\\](test|test-fixtures|e2e)[/\\]/.test(rel);

function tsFiles(dir) {
  const found = [];
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) found.push(...tsFiles(path.join(dir, entry.name)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path.join(dir, entry.name));
  }
  return found;
}

/** Every function in a file (declarations, expressions, arrows, methods) with its line span. */
function functionsOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const parent = node.parent;
      const name =
        (ts.isConstructorDeclaration(node) ? 'constructor' : node.name?.getText()) ??
        (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) ? parent.name.getText() : '(anonymous)');
      found.push({ name, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { functions: found, lines: source.getLineAndCharacterOfPosition(source.getEnd()).line + 1 };
}

const projects = ['libs', 'apps', 'tools'].flatMap((top) =>
  fs.existsSync(path.join(root, top)) ? fs.readdirSync(path.join(root, top)).filter((d) => fs.existsSync(path.join(root, top, d, 'project.json'))).map((d) => `${top}/${d}`) : [],
);
const long = [];
for (const project of projects) {
  let lines = 0;
  let longest = { lines: 0, where: '' };
  for (const file of tsFiles(path.join(root, project))) {
    const rel = path.relative(root, file);
    const shape = functionsOf(file);
    for (const fn of shape.functions) if (over !== undefined && fn.lines > over) long.push(`${String(fn.lines).padStart(5)}  ${rel}:${fn.line} ${fn.name}`);
    if (isTestPath(rel)) continue;
    lines += shape.lines;
    for (const fn of shape.functions) if (fn.lines > longest.lines) longest = { lines: fn.lines, where: `${path.relative(path.join(root, project), file)}:${fn.line} ${fn.name}` };
  }
  if (lines === 0) continue; // a project of scripts only (tools/ci)
  console.log(`${project.padEnd(28)} ${String(lines).padStart(6)} lines  longest function ${String(longest.lines).padStart(4)}  ${longest.where}`);
}
if (over !== undefined) {
  console.log(`\nfunctions over ${over} lines (tests included):`);
  console.log(long.sort((a, b) => Number(b.trim().split(' ')[0]) - Number(a.trim().split(' ')[0])).join('\n') || '  none');
}
