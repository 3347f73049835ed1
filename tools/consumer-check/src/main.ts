/**
 * The consumer check: can a project outside this workspace adopt our packages?
 *
 * Builds every lib, packs each, installs the tarballs (with the SDK peers, TypeScript and
 * Node's types, from the registry, no overrides) into a temporary project under the OS temp
 * folder, type-checks a consumer program with skipLibCheck off, checks that misusing a query
 * result does not compile, compiles the READMEs' examples, runs the CLIs, and runs the
 * consumer against the embedded stack (upload, read, clean, load, query, chart).
 *
 *   npx nx run consumer-check:run [-- --keep] [--measure] [--skip-build]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBins, checkJestPreset } from './checks';
import { exec, tail } from './exec';
import { formatFigures, measurePackage } from './measure';
import { expectedErrors, MISUSE_SOURCE } from './misuse';
import { buildLibs, listLibs, packageProblems, packLib, type PackedLib } from './pack';
import { escapingDeclarationImports, exportEntries, formatDiagnostic, installConsumer, origin, typecheck, writeTsconfig, type Diagnostic } from './project';
import { diagnosticsOf, extractExamples, prepareExamples } from './readme';

const WORKSPACE = path.resolve(__dirname, '../../..');
const USAGE = `Usage: npx nx run consumer-check:run [-- options]

  --keep        keep the temporary consumer project (its path is printed)
  --measure     also measure each package's import time and install size
  --skip-build  pack what dist/ holds now instead of building first
  --help        this text`;

type Status = 'PASS' | 'FAIL' | 'SKIP';
const results: { step: string; status: Status; seconds: number; notes: string[] }[] = [];

/** Runs one step; a failed step fails the check, and steps that need it are skipped. */
async function step(name: string, run: () => Promise<string[] | void>, needs: readonly string[] = []): Promise<boolean> {
  if (needs.some((needed) => results.find((r) => r.step === needed)?.status !== 'PASS')) {
    results.push({ step: name, status: 'SKIP', seconds: 0, notes: [`needs: ${needs.join(', ')}`] });
    return false;
  }
  const started = performance.now();
  process.stdout.write(`consumer-check: ${name} …\n`);
  try {
    const notes = (await run()) ?? [];
    results.push({ step: name, status: 'PASS', seconds: (performance.now() - started) / 1000, notes });
    return true;
  } catch (error) {
    results.push({ step: name, status: 'FAIL', seconds: (performance.now() - started) / 1000, notes: [error instanceof Error ? error.message : String(error)] });
    return false;
  }
}

/** Fails on an error in our declarations or in the consumer's files; third-party declaration errors are listed. */
function judge(diagnostics: readonly Diagnostic[]): string[] {
  const fatal = diagnostics.filter((d) => origin(d) !== 'third-party');
  if (fatal.length > 0) throw new Error(fatal.map(formatDiagnostic).join('\n'));
  return diagnostics.map((d) => `third-party declaration error (not ours): ${formatDiagnostic(d)}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => !['--keep', '--measure', '--skip-build', '--help'].includes(arg));
  if (argv.includes('--help') || unknown.length > 0) {
    if (unknown.length > 0) console.error(`consumer-check: unknown option ${unknown[0]}\n`);
    console.log(USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  const started = performance.now();
  const libs = listLibs(WORKSPACE);
  const project = mkdtempSync(path.join(tmpdir(), 'ecomlake-consumer-'));
  const tarballs = path.join(project, 'tarballs');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  mkdirSync(tarballs);
  let packed: PackedLib[] = [];

  const built = argv.includes('--skip-build') ? [] : ['build every lib'];
  if (built.length > 0) await step(built[0], () => buildLibs(WORKSPACE, libs));
  await step('pack every lib (LICENSE, README, exports, engines, repository, bins, peers, no source maps)', async () => {
    packed = [];
    for (const lib of libs) packed.push(await packLib(lib, tarballs));
    const problems = packed.flatMap((lib) => packageProblems(lib, new Set(libs.map((l) => l.name))));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return [`${packed.length} tarballs in ${tarballs}`];
  }, built);
  const PACK = results[results.length - 1].step;
  await step('install the tarballs into an empty project outside the workspace', () => installConsumer(project, packed, WORKSPACE), [PACK]);
  const INSTALL = results[results.length - 1].step;

  await step('every export loads; declarations import nothing outside their package', async () => {
    const { specifiers, missing } = exportEntries(project, packed);
    const escapes = escapingDeclarationImports(project, packed);
    if (missing.length + escapes.length > 0) throw new Error([...missing, ...escapes].join('\n'));
    // Each entry point required in a fresh process, as a user's first line would.
    const load = await exec(process.execPath, ['-e', 'for (const s of process.argv.slice(1)) require(s);', ...specifiers], { cwd: project });
    if (load.code !== 0) throw new Error(`requiring ${specifiers.join(', ')}:\n${tail(load)}`);
    return [`${specifiers.length} entry points: ${specifiers.join(', ')}`];
  }, [INSTALL]);

  copyFileSync(path.join(__dirname, '../consumer/app.ts'), path.join(project, 'src/app.ts'));
  const appConfig = path.basename(writeTsconfig(project, 'tsconfig.json', ['src/app.ts']));
  await step('type-check the consumer with skipLibCheck off', async () => judge(await typecheck(project, appConfig)), [INSTALL]);
  const TYPECHECK = results[results.length - 1].step;

  await step('misusing a query result does not compile', async () => {
    writeFileSync(path.join(project, 'src/misuse.ts'), MISUSE_SOURCE);
    const config = path.basename(writeTsconfig(project, 'tsconfig.misuse.json', ['src/misuse.ts'], { noEmit: true }));
    const diagnostics = await typecheck(project, config);
    const notes = judge(diagnostics.filter((d) => path.normalize(d.file) !== path.normalize('src/misuse.ts')));
    const found = diagnostics.filter((d) => origin(d) === 'consumer').map((d) => `${d.line}:${d.code}`).sort();
    const expected = expectedErrors(MISUSE_SOURCE);
    if (found.join() !== expected.join()) throw new Error(`src/misuse.ts: expected errors ${expected.join(', ')}, got ${found.join(', ') || 'none: it compiled'}`);
    return [`rejected as expected: ${found.join(', ')}`, ...notes];
  }, [INSTALL]);

  await step('README examples compile', async () => {
    const examples = extractExamples(WORKSPACE);
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
  }, [INSTALL]);

  await step('CLIs run from their bin entries', () => checkBins(project), [INSTALL]);
  await step('jest preset from the package runs a test on the embedded stack', async () => [await checkJestPreset(project)], [INSTALL]);

  await step('run the consumer on the embedded stack (upload, read, clean, load, query, chart)', async () => {
    const env = { ...process.env };
    const result = await exec(process.execPath, ['dist/app.js'], { cwd: project, env });
    if (result.code !== 0) throw new Error(tail(result, 40));
    return result.stdout.trim().split('\n');
  }, [TYPECHECK]);

  if (argv.includes('--measure')) {
    await step('measure import time and install size, each package installed alone', async () => {
      // Not under the consumer project, whose node_modules would stand in for anything missing.
      const alone = mkdtempSync(path.join(tmpdir(), 'ecomlake-measure-'));
      try {
        const figures = [];
        for (const lib of packed) figures.push(await measurePackage(alone, lib, packed, 7));
        return formatFigures(figures);
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
    }, [PACK]);
  }

  console.log('\nconsumer-check summary');
  for (const r of results) {
    console.log(`${r.status}  ${r.step}${r.status === 'SKIP' ? '' : ` (${r.seconds.toFixed(1)} s)`}`);
    for (const note of r.notes) console.log(`      ${note.replace(/\n/g, '\n      ')}`);
  }
  const failed = results.filter((r) => r.status !== 'PASS').length;
  console.log(`\n${failed === 0 ? 'PASS' : 'FAIL'}: ${results.length - failed} of ${results.length} steps passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (argv.includes('--keep') || failed > 0) console.log(`consumer project kept in ${project}`);
  else rmSync(project, { recursive: true, force: true });
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`consumer-check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
