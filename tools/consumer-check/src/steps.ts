/**
 * The consumer check's steps that work on the consumer project once the tarballs are installed.
 * Each throws with what is wrong, or returns the notes the summary lists under the step.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec, tail } from './exec';
import { formatFigures, measurePackage } from './measure';
import { expectedErrors, MISUSE_SOURCE } from './misuse';
import type { PackedLib } from './pack';
import { escapingDeclarationImports, exportEntries, formatDiagnostic, origin, typecheck, writeTsconfig, type Diagnostic } from './project';
import { diagnosticsOf, extractExamples, prepareExamples } from './readme';

/** Fails on an error in our declarations or in the consumer's files; third-party declaration errors are listed. */
export function judge(diagnostics: readonly Diagnostic[]): string[] {
  const fatal = diagnostics.filter((d) => origin(d) !== 'third-party');
  if (fatal.length > 0) throw new Error(fatal.map(formatDiagnostic).join('\n'));
  return diagnostics.map((d) => `third-party declaration error (not ours): ${formatDiagnostic(d)}`);
}

/** Every export entry exists and loads; no declaration imports a file outside its package. */
export async function checkExports(project: string, packed: readonly PackedLib[]): Promise<string[]> {
  const { specifiers, missing } = exportEntries(project, packed);
  const escapes = escapingDeclarationImports(project, packed);
  if (missing.length + escapes.length > 0) throw new Error([...missing, ...escapes].join('\n'));
  // Each entry point required in a fresh process, as a user's first line would.
  const load = await exec(process.execPath, ['-e', 'for (const s of process.argv.slice(1)) require(s);', ...specifiers], { cwd: project });
  if (load.code !== 0) throw new Error(`requiring ${specifiers.join(', ')}:\n${tail(load)}`);
  return [`${specifiers.length} entry points: ${specifiers.join(', ')}`];
}

/** src/misuse.ts fails to compile with exactly the errors its comments expect. */
export async function checkMisuse(project: string): Promise<string[]> {
  writeFileSync(path.join(project, 'src/misuse.ts'), MISUSE_SOURCE);
  const config = path.basename(writeTsconfig(project, 'tsconfig.misuse.json', ['src/misuse.ts'], { noEmit: true }));
  const diagnostics = await typecheck(project, config);
  const notes = judge(diagnostics.filter((d) => path.normalize(d.file) !== path.normalize('src/misuse.ts')));
  const found = diagnostics.filter((d) => origin(d) === 'consumer').map((d) => `${d.line}:${d.code}`).sort();
  const expected = expectedErrors(MISUSE_SOURCE);
  if (found.join() !== expected.join()) throw new Error(`src/misuse.ts: expected errors ${expected.join(', ')}, got ${found.join(', ') || 'none: it compiled'}`);
  return [`rejected as expected: ${found.join(', ')}`, ...notes];
}

/** Every TypeScript example of the workspace's READMEs compiles against the installed packages. */
export async function checkReadmeExamples(project: string, packed: readonly PackedLib[], workspace: string): Promise<string[]> {
  const examples = extractExamples(workspace);
  const config = path.basename(writeTsconfig(project, 'tsconfig.readme.json', ['src/readme/*.ts'], { noEmit: true, noUnusedLocals: false }));
  const { files, unresolved } = prepareExamples(project, examples, config, packed.map((lib) => lib.name));
  const diagnostics = await typecheck(project, config);
  const notes = judge(diagnostics.filter((d) => !d.file.startsWith('src/readme/')));
  const failures: string[] = [];
  for (const [example, file] of files) {
    const own = diagnosticsOf(file, diagnostics);
    const names = unresolved.get(example) ?? [];
    if (names.length > 0) failures.push(`${example.id} (line ${example.line}) uses ${names.join(', ')} without defining or importing it`);
    else if (own.length > 0) failures.push(`${example.id} (line ${example.line}), compiled as ${file}:\n  ${own.map(formatDiagnostic).join('\n  ')}`);
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${files.size} examples do not compile:\n${failures.join('\n')}`);
  return [`${files.size} examples`, ...notes];
}

/** The compiled consumer program runs to the end; its output becomes the step's notes. */
export async function runConsumer(project: string): Promise<string[]> {
  const result = await exec(process.execPath, ['dist/app.js'], { cwd: project });
  if (result.code !== 0) throw new Error(tail(result, 40));
  return result.stdout.trim().split('\n');
}

/** Import time and install size of each package installed alone. */
export async function measureAlone(packed: readonly PackedLib[]): Promise<string[]> {
  // Not under the consumer project, whose node_modules would stand in for anything missing.
  const alone = mkdtempSync(path.join(tmpdir(), 'ecomlake-measure-'));
  try {
    const figures = [];
    for (const lib of packed) figures.push(await measurePackage(alone, lib, packed, 7));
    return formatFigures(figures);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
}
