import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exec, tail } from './exec';
import type { PackedLib } from './pack';

/** Compiler options of the consumer: strict, Node's own module resolution, and skipLibCheck off so our .d.ts are checked. */
export const CONSUMER_COMPILER_OPTIONS = {
  target: 'es2022',
  lib: ['es2023'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  strict: true,
  skipLibCheck: false,
  types: ['node'],
  rootDir: 'src',
  outDir: 'dist',
} as const;

/** A tsconfig in the consumer project for some of its files. */
export function writeTsconfig(project: string, name: string, include: readonly string[], options: Record<string, unknown> = {}): string {
  const file = path.join(project, name);
  writeFileSync(file, `${JSON.stringify({ compilerOptions: { ...CONSUMER_COMPILER_OPTIONS, ...options }, include }, null, 2)}\n`);
  return file;
}

/**
 * An empty project, then our tarballs, the SDK peers at the workspace's ranges, TypeScript,
 * Node's types and jest, from the registry: no overrides, as a user would install them.
 */
export async function installConsumer(project: string, packed: readonly PackedLib[], workspace: string): Promise<void> {
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'ecomlake-consumer', version: '0.0.0', private: true, type: 'commonjs' }, null, 2)}\n`);
  const root = JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf8'));
  const range = (name: string): string => {
    const found = root.devDependencies?.[name] ?? root.dependencies?.[name];
    if (!found) throw new Error(`The workspace's package.json lists no ${name}`);
    return `${name}@${found}`;
  };
  // jest runs local-stack's preset as a user's tests would.
  const peers = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/client-dynamodb', 'typescript', '@types/node', 'jest'].map(range);
  const result = await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((lib) => lib.tarball), ...peers], { cwd: project });
  if (result.code !== 0) throw new Error(`npm install failed:\n${tail(result)}`);
}

export interface Diagnostic {
  file: string;
  line: number;
  code: string;
  message: string;
}

/** Runs the consumer's own tsc on one tsconfig; returns its diagnostics (none: it compiled). */
export async function typecheck(project: string, tsconfig: string): Promise<Diagnostic[]> {
  const result = await exec(path.join(project, 'node_modules/.bin/tsc'), ['-p', tsconfig, '--pretty', 'false'], { cwd: project });
  const diagnostics = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((line) => /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, file, line, code, message]) => ({ file, line: Number(line), code, message }));
  if (result.code !== 0 && diagnostics.length === 0) throw new Error(`tsc -p ${tsconfig} failed without diagnostics:\n${tail(result)}`);
  return diagnostics;
}

/** Where an error lies: in our packages' declarations, in the consumer's own files, or in a third party's declarations. */
export function origin(diagnostic: Diagnostic): 'ours' | 'consumer' | 'third-party' {
  if (diagnostic.file.startsWith('node_modules/@ecomlake/')) return 'ours';
  return diagnostic.file.includes('node_modules/') ? 'third-party' : 'consumer';
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.line} ${diagnostic.code} ${diagnostic.message}`;
}

/** Relative imports in our installed .d.ts files that leave their package (e.g. into the monorepo's dist). */
export function escapingDeclarationImports(project: string, packed: readonly PackedLib[]): string[] {
  const escapes: string[] = [];
  for (const lib of packed) {
    const root = path.join(project, 'node_modules', lib.name);
    if (!existsSync(root)) throw new Error(`${lib.name} is not installed in ${project}`);
    for (const file of lib.files.filter((name) => name.endsWith('.d.ts'))) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from\s+|import\()\s*['"](\.{1,2}\/[^'"]*)['"]/g)) {
        const target = path.resolve(path.dirname(path.join(root, file)), specifier);
        if (path.relative(root, target).startsWith('..')) escapes.push(`${lib.name}/${file}: ${specifier}`);
      }
    }
  }
  return escapes;
}

/** Every `exports` entry of our installed packages: its module specifier, and targets missing from the package. */
export function exportEntries(project: string, packed: readonly PackedLib[]): { specifiers: string[]; missing: string[] } {
  const specifiers: string[] = [];
  const missing: string[] = [];
  for (const lib of packed) {
    const root = path.join(project, 'node_modules', lib.name);
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports?: Record<string, string | Record<string, string>> };
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      specifiers.push(path.posix.join(lib.name, subpath));
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        if (!existsSync(path.join(root, file))) missing.push(`${lib.name}: exports["${subpath}"] → ${file} is not in the package`);
      }
    }
  }
  return { specifiers, missing };
}
