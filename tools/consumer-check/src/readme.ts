import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Diagnostic } from './project';

/** One fenced ```ts block of a README. */
export interface ReadmeExample {
  /** `libs/plots/README.md#2`: the README and the block's number in it. */
  id: string;
  /** Line of the opening fence. */
  line: number;
  code: string;
  /** The package the README documents (its names are preferred when several packages export one). */
  home?: string;
}

/**
 * What the examples assume the reader already has: the variables they use without defining
 * them. Each becomes a declaration of this type in the compiled example.
 */
const EXAMPLE_VARIABLES: Readonly<Record<string, string>> = {
  s3: "import('@aws-sdk/client-s3').S3Client",
  dynamodb: "import('@aws-sdk/client-dynamodb').DynamoDBClient",
  client: "import('@aws-sdk/client-dynamodb').DynamoDBClient",
  config: "import('@aws-sdk/client-dynamodb').DynamoDBClientConfig",
  table: 'string',
  daily: "import('@ecomlake/model').DailyRevenue[]",
  ukDays: "import('@ecomlake/model').DailyRevenue[]",
  countryMonths: "import('@ecomlake/model').CountryMonthSales[]",
  countryMonthSales: "import('@ecomlake/model').CountryMonthSales[]",
  orders: "import('@ecomlake/model').OrderValue[]",
  loader: "{ put(item: import('@ecomlake/model').OrderItem): void }",
  otherDays: "import('@ecomlake/cleaning').CleanPartition[]",
  days: '{ name: string; etag: string }[]',
  // Cleaning is asynchronous, so a day's items arrive as a promise.
  cleanDay: "(day: { name: string; etag: string }) => Promise<Iterable<import('@ecomlake/model').OrderItem>>",
  handle: '(header: readonly string[], fields: readonly string[]) => void',
};

/** Imports the examples may leave out, as the reader's own file would have them. */
const EXAMPLE_IMPORTS: Readonly<Record<string, string>> = {
  S3Client: "import { S3Client } from '@aws-sdk/client-s3';",
  DynamoDBClient: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  writeFile: "import { writeFile } from 'node:fs/promises';",
  path: "import path from 'node:path';",
  fs: "import * as fs from 'node:fs';",
};

/** The root README's section for package users, and every ```ts block of each lib's README. */
export function extractExamples(workspace: string): ReadmeExample[] {
  const root = readFileSync(path.join(workspace, 'README.md'), 'utf8');
  const section = /^## Using a library in your own project$/m.exec(root);
  if (!section) throw new Error('README.md has no "## Using a library in your own project" section');
  const end = root.slice(section.index + section[0].length).search(/^## /m);
  const offset = root.slice(0, section.index).split('\n').length - 1;
  const examples = fencedBlocks(root.slice(section.index, end < 0 ? undefined : section.index + section[0].length + end), 'README.md', offset);
  for (const lib of readdirSync(path.join(workspace, 'libs')).sort()) {
    const readme = path.join(workspace, 'libs', lib, 'README.md');
    if (!existsSync(readme)) continue;
    const home = JSON.parse(readFileSync(path.join(workspace, 'libs', lib, 'package.json'), 'utf8')).name as string;
    examples.push(...fencedBlocks(readFileSync(readme, 'utf8'), `libs/${lib}/README.md`, 0).map((example) => ({ ...example, home })));
  }
  return examples;
}

function fencedBlocks(text: string, file: string, lineOffset: number): ReadmeExample[] {
  const blocks: ReadmeExample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i += 1;
    blocks.push({ id: `${file}#${blocks.length + 1}`, line: lineOffset + start + 1, code: lines.slice(start + 1, i + 1).join('\n') });
    i += 1;
  }
  return blocks;
}

/** The example's import statements (hoisted to the top of its file) and the rest (run in an async function). */
function splitImports(code: string): { imports: string[]; body: string } {
  const imports: string[] = [];
  const body: string[] = [];
  let current: string[] | undefined;
  for (const line of code.split('\n')) {
    if (!current && /^import\s/.test(line)) current = [];
    if (!current) {
      body.push(line);
      continue;
    }
    current.push(line);
    if (/from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line)) {
      imports.push(current.join('\n'));
      current = undefined;
    }
  }
  return { imports, body: body.join('\n') };
}

export function exampleFileName(example: ReadmeExample): string {
  return `${example.id.replace(/README\.md#/, 'readme-').replace(/[^A-Za-z0-9-]+/g, '-')}.ts`;
}

function render(example: ReadmeExample, extraImports: readonly string[], declarations: readonly string[]): string {
  const { imports, body } = splitImports(example.code);
  return [
    `// ${example.id}, the block at line ${example.line}`,
    ...imports,
    ...extraImports,
    ...declarations,
    '',
    'export async function example(): Promise<void> {',
    body,
    '}',
    '',
  ].join('\n');
}

export interface PreparedExamples {
  /** Example files, relative to the project. */
  files: Map<ReadmeExample, string>;
  /** Names an example uses but neither imports, defines, nor finds in the tables above. */
  unresolved: Map<ReadmeExample, string[]>;
}

/**
 * Writes each example as a file of the consumer project. A first compile (in process) finds
 * the names each uses without defining; those our packages export are imported, the usual
 * variables declared, and the rest reported.
 */
export function prepareExamples(project: string, examples: readonly ReadmeExample[], tsconfig: string, packages: readonly string[]): PreparedExamples {
  const dir = path.join(project, 'src', 'readme');
  mkdirSync(dir, { recursive: true });
  const files = new Map(examples.map((example) => [example, path.join('src', 'readme', exampleFileName(example))]));
  for (const [example, file] of files) writeFileSync(path.join(project, file), render(example, [], []));
  const exportsFile = path.join('src', 'readme', 'package-exports.ts');
  writeFileSync(path.join(project, exportsFile), packages.map((name, i) => `import * as p${i} from '${name}';\nexport { p${i} };`).join('\n'));

  const config = ts.getParsedCommandLineOfConfigFile(path.join(project, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`Cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: [...files.values(), exportsFile].map((file) => path.join(project, file)), options: config.options });
  const exporters = packageExports(program, path.join(project, exportsFile));

  const unresolved = new Map<ReadmeExample, string[]>();
  for (const [example, file] of files) {
    const source = program.getSourceFile(path.join(project, file));
    const missing = new Set(
      ts
        .getPreEmitDiagnostics(program, source)
        .filter((d) => d.code === 2304 || d.code === 2552 || d.code === 18004)
        .map((d) => /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))?.[1])
        .filter((name): name is string => name !== undefined),
    );
    const imports: string[] = [];
    const declarations: string[] = [];
    const unknown: string[] = [];
    for (const name of [...missing].sort()) {
      const from = exporters.get(name);
      const home = from?.find((pkg) => pkg === example.home) ?? from?.[0];
      if (home) imports.push(`import { ${name} } from '${home}';`);
      else if (EXAMPLE_IMPORTS[name]) imports.push(EXAMPLE_IMPORTS[name]);
      else if (EXAMPLE_VARIABLES[name]) declarations.push(`declare const ${name}: ${EXAMPLE_VARIABLES[name]};`);
      else unknown.push(name);
    }
    if (unknown.length > 0) unresolved.set(example, unknown);
    writeFileSync(path.join(project, file), render(example, imports, declarations));
  }
  return { files, unresolved };
}

/** Name → the packages (in the given order) that export it. */
function packageExports(program: ts.Program, exportsFile: string): Map<string, string[]> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(exportsFile);
  const exporters = new Map<string, string[]>();
  for (const statement of source?.statements ?? []) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (!module) throw new Error(`${statement.moduleSpecifier.text} does not resolve in the consumer project`);
    for (const symbol of checker.getExportsOfModule(module)) {
      exporters.set(symbol.name, [...(exporters.get(symbol.name) ?? []), statement.moduleSpecifier.text]);
    }
  }
  return exporters;
}

/** Diagnostics of one example's file. */
export function diagnosticsOf(file: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => path.normalize(diagnostic.file) === path.normalize(file));
}
