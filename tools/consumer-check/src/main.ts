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
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBins, checkJestPreset } from './checks';
import { buildLibs, listLibs, packageProblems, packLib, type Lib, type PackedLib } from './pack';
import { installConsumer, typecheck, writeTsconfig } from './project';
import { checkExports, checkMisuse, checkReadmeExamples, judge, measureAlone, runConsumer } from './steps';

const WORKSPACE = path.resolve(__dirname, '../../..');
const USAGE = `Usage: npx nx run consumer-check:run [-- options]

  --keep        keep the temporary consumer project (its path is printed)
  --measure     also measure each package's import time and install size
  --skip-build  pack what dist/ holds now instead of building first
  --help        this text`;

/** The steps other steps name in their `needs`. */
const BUILD = 'build every lib';
const PACK = 'pack every lib (LICENSE, README, exports, engines, repository, bins, peers, no source maps)';
const INSTALL = 'install the tarballs into an empty project outside the workspace';
const TYPECHECK = 'type-check the consumer with skipLibCheck off';

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

interface Options {
  keep: boolean;
  measure: boolean;
  skipBuild: boolean;
}

/** The options of `argv`, or the exit code when there is nothing to check (--help: 0; an unknown option: 2, with the usage). */
function parseOptions(argv: readonly string[]): Options | number {
  const unknown = argv.filter((arg) => !['--keep', '--measure', '--skip-build', '--help'].includes(arg));
  if (argv.includes('--help') || unknown.length > 0) {
    if (unknown.length > 0) console.error(`consumer-check: unknown option ${unknown[0]}\n`);
    console.log(USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  return { keep: argv.includes('--keep'), measure: argv.includes('--measure'), skipBuild: argv.includes('--skip-build') };
}

/** Builds (unless skipped) and packs every lib, then installs the tarballs into `project`; returns what was packed. */
async function packAndInstall(project: string, libs: readonly Lib[], skipBuild: boolean): Promise<PackedLib[]> {
  const tarballs = path.join(project, 'tarballs');
  mkdirSync(tarballs);
  const built = skipBuild ? [] : [BUILD];
  if (!skipBuild) await step(BUILD, () => buildLibs(WORKSPACE, libs));
  const packed: PackedLib[] = [];
  await step(PACK, async () => {
    packed.length = 0;
    for (const lib of libs) packed.push(await packLib(lib, tarballs));
    const problems = packed.flatMap((lib) => packageProblems(lib, new Set(libs.map((l) => l.name))));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return [`${packed.length} tarballs in ${tarballs}`];
  }, built);
  await step(INSTALL, () => installConsumer(project, packed, WORKSPACE), [PACK]);
  return packed;
}

/** Every check of the installed packages, each skipped when a step it needs did not pass. */
async function checkInstalled(project: string, packed: readonly PackedLib[], measure: boolean): Promise<void> {
  await step('every export loads; declarations import nothing outside their package', () => checkExports(project, packed), [INSTALL]);
  copyFileSync(path.join(__dirname, '../consumer/app.ts'), path.join(project, 'src/app.ts'));
  const appConfig = path.basename(writeTsconfig(project, 'tsconfig.json', ['src/app.ts']));
  await step(TYPECHECK, async () => judge(await typecheck(project, appConfig)), [INSTALL]);
  await step('misusing a query result does not compile', () => checkMisuse(project), [INSTALL]);
  await step('README examples compile', () => checkReadmeExamples(project, packed, WORKSPACE), [INSTALL]);
  await step('CLIs run from their bin entries', () => checkBins(project), [INSTALL]);
  await step('jest preset from the package runs a test on the embedded stack', async () => [await checkJestPreset(project)], [INSTALL]);
  await step('run the consumer on the embedded stack (upload, read, clean, load, query, chart)', () => runConsumer(project), [TYPECHECK]);
  if (measure) await step('measure import time and install size, each package installed alone', () => measureAlone(packed), [PACK]);
}

/** Prints every step's status and notes; returns how many steps did not pass. */
function printSummary(started: number): number {
  console.log('\nconsumer-check summary');
  for (const r of results) {
    console.log(`${r.status}  ${r.step}${r.status === 'SKIP' ? '' : ` (${r.seconds.toFixed(1)} s)`}`);
    for (const note of r.notes) console.log(`      ${note.replace(/\n/g, '\n      ')}`);
  }
  const failed = results.filter((r) => r.status !== 'PASS').length;
  console.log(`\n${failed === 0 ? 'PASS' : 'FAIL'}: ${results.length - failed} of ${results.length} steps passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return failed;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'number') return options;
  const started = performance.now();
  const libs = listLibs(WORKSPACE);
  const project = mkdtempSync(path.join(tmpdir(), 'ecomlake-consumer-'));
  mkdirSync(path.join(project, 'src'), { recursive: true });
  const packed = await packAndInstall(project, libs, options.skipBuild);
  await checkInstalled(project, packed, options.measure);
  const failed = printSummary(started);
  if (options.keep || failed > 0) console.log(`consumer project kept in ${project}`);
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
