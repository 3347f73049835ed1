// Checks the workspace's JSON configuration where JSON itself is silent:
// - a key given twice in one object (JSON.parse keeps the last: pipeline-aws:synth once lost
//   its TSX_TSCONFIG_PATH to a second "env" and ran without the workspace's path aliases);
// - a target run through `node --import tsx` without TSX_TSCONFIG_PATH in its env (tsx would
//   look for a tsconfig.json, which the workspace does not have, and @ecomlake/* would not resolve).
//
//   node tools/ci/project-config.cjs      exits 1 naming each problem
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');

/** `file:line: key "name" given twice` for each duplicate key in a JSON text. */
function duplicateKeys(file, text) {
  const source = ts.parseJsonText(file, text);
  const problems = [];
  const visit = (node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const seen = new Set();
      for (const property of node.properties) {
        const name = property.name && (ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(source));
        if (seen.has(name)) problems.push(`${file}:${source.getLineAndCharacterOfPosition(property.getStart(source)).line + 1}: key "${name}" given twice in one object`);
        seen.add(name);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/** Targets that run TypeScript through tsx's loader without the workspace's tsconfig. */
function tsxWithoutTsconfig(file, json) {
  return Object.entries(json.targets ?? {})
    .filter(([, target]) => /\bnode\b[^&|;]*--import tsx\b/.test(target.options?.command ?? '') && !target.options?.env?.TSX_TSCONFIG_PATH)
    .map(([name]) => `${file}: target "${name}" runs node --import tsx without TSX_TSCONFIG_PATH in its env`);
}

function configFiles() {
  const files = ['package.json', 'nx.json'];
  for (const top of ['libs', 'apps', 'tools']) {
    for (const dir of fs.existsSync(path.join(root, top)) ? fs.readdirSync(path.join(root, top)) : []) {
      for (const name of ['project.json', 'package.json']) if (fs.existsSync(path.join(root, top, dir, name))) files.push(path.join(top, dir, name));
    }
  }
  return files;
}

if (require.main === module) {
  const problems = configFiles().flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return [...duplicateKeys(file, text), ...(file.endsWith('project.json') ? tsxWithoutTsconfig(file, JSON.parse(text)) : [])];
  });
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(`workspace configuration: ${configFiles().length} files, no duplicate keys, every tsx target has its tsconfig`);
}

module.exports = { duplicateKeys, tsxWithoutTsconfig };
