import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exec, tail, type ExecResult } from './exec';

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '581475,22596,CHRISTMAS STAR WISH LIST CHALKBOARD,36,2011-12-09 08:39:00,0.39,13069.0,United Kingdom',
  '',
].join('\n');

const hasStackTrace = (result: ExecResult) => /^\s+at /m.test(result.stderr);

/** The CLIs run from the installed packages through their bin links; mistakes get one message, no stack trace. */
export async function checkBins(project: string): Promise<string[]> {
  const bin = (name: string) => path.join(project, 'node_modules', '.bin', name);
  const notes: string[] = [];
  const input = path.join(project, 'bin-input');
  mkdirSync(input, { recursive: true });
  writeFileSync(path.join(input, '2011-12-09.csv'), CSV);

  const help = await exec(bin('ecomlake-clean'), ['--help'], { cwd: project });
  if (help.code !== 0 || !help.stdout.includes('--input')) throw new Error(`ecomlake-clean --help failed:\n${tail(help)}`);
  const out = path.join(project, 'bin-output');
  const clean = await exec(bin('ecomlake-clean'), ['--input', input, '--out', out, '--concurrency', '1'], { cwd: project });
  if (clean.code !== 0) throw new Error(`ecomlake-clean --input … failed:\n${tail(clean)}`);
  const items = path.join(out, 'items.csv');
  const lines = existsSync(items) ? readFileSync(items, 'utf8').trim().split('\n').length : 0;
  if (lines !== 2) throw new Error(`ecomlake-clean wrote ${lines} lines to items.csv; one header and one item expected`);
  notes.push('ecomlake-clean: --help, and one file cleaned (one item)');
  // Two files on two threads: a worker starts from the package's built partition-worker.js, with no Node flags.
  const twoDays = path.join(project, 'bin-input-two');
  mkdirSync(twoDays, { recursive: true });
  writeFileSync(path.join(twoDays, '2011-12-09.csv'), CSV);
  writeFileSync(path.join(twoDays, '2011-12-08.csv'), CSV.replace('581475', '581474').replace('2011-12-09', '2011-12-08'));
  const twoOut = path.join(project, 'bin-output-two');
  const parallel = await exec(bin('ecomlake-clean'), ['--input', twoDays, '--out', twoOut, '--concurrency', '2'], { cwd: project });
  if (parallel.code !== 0) throw new Error(`ecomlake-clean --concurrency 2 failed:\n${tail(parallel)}`);
  const twoItems = path.join(twoOut, 'items.csv');
  const twoLines = existsSync(twoItems) ? readFileSync(twoItems, 'utf8').trim().split('\n').length : 0;
  if (twoLines !== 3) throw new Error(`ecomlake-clean --concurrency 2 wrote ${twoLines} lines to items.csv; one header and two items expected`);
  notes.push('ecomlake-clean: two files on two threads (a worker thread from the built package)');

  const badClean = await exec(bin('ecomlake-clean'), ['--bogus'], { cwd: project });
  if (badClean.code !== 2 || hasStackTrace(badClean) || !badClean.stderr.includes('--bogus')) {
    throw new Error(`ecomlake-clean --bogus: expected exit 2 and one message naming the flag, got ${badClean.code}:\n${tail(badClean)}`);
  }
  const badServe = await exec(bin('ecomlake-local-stack'), ['--bogus'], { cwd: project });
  if (badServe.code !== 1 || hasStackTrace(badServe) || !badServe.stderr.includes('--bogus')) {
    throw new Error(`ecomlake-local-stack --bogus: expected exit 1 and one message naming the flag, got ${badServe.code}:\n${tail(badServe)}`);
  }
  notes.push('ecomlake-clean and ecomlake-local-stack: a bad flag gets one message naming it');
  return notes;
}

const PRESET_TEST = `const { testStack } = require('@ecomlake/local-stack');

test('the preset started one embedded stack for this run', () => {
  const { s3, dynamodb } = testStack();
  expect(s3.endpoint).toMatch(/^http:\\/\\/127\\.0\\.0\\.1:\\d+$/);
  expect(dynamodb.endpoint).toMatch(/^http:\\/\\/127\\.0\\.0\\.1:\\d+$/);
});
`;

/** Jest with `preset: '@ecomlake/local-stack'`, as the README documents: the stack starts, testStack() reaches it, and it stops. */
export async function checkJestPreset(project: string): Promise<string> {
  const dir = path.join(project, 'preset-test');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'stack.test.js'), PRESET_TEST);
  writeFileSync(path.join(dir, 'jest.config.js'), "module.exports = { preset: '@ecomlake/local-stack', rootDir: __dirname };\n");
  const result = await exec(path.join(project, 'node_modules/.bin/jest'), ['--config', path.join(dir, 'jest.config.js')], { cwd: project, env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.code !== 0 || !/Tests:\s+1 passed, 1 total/.test(result.stderr)) throw new Error(`jest with preset '@ecomlake/local-stack' failed:\n${tail(result)}`);
  return "jest with preset '@ecomlake/local-stack': the stack started, testStack() reached it, one test passed";
}
