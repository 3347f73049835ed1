// Run directly on a Node line we do not support (the machine's own Node 20, bypassing the one
// the repository pins), the command line says so once, naming the line and the supported ones,
// and run-summary.json records the version; on a supported line it says nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { uniqueName } from '@ecomlake/local-stack';
import { nodeRuntime } from '@ecomlake/util';
import { runCli, stackEnv } from './run-cli';

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-02 08:28:00,1.85,,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-03 08:34:00,1.69,13047,France',
].join('\n');

const versionOf = (node: string): string => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

/**
 * An unsupported Node: ECOMLAKE_UNSUPPORTED_NODE (.ci/run sets it), else the first `node` on
 * PATH of an unsupported line that is not the repository's shim (a machine's own Node 20).
 */
function unsupportedNode(): string | undefined {
  const named = process.env.ECOMLAKE_UNSUPPORTED_NODE;
  if (named) return named;
  const shim = realpathSync(path.resolve(__dirname, '../../../../tools/node/node'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (!dir || !existsSync(candidate) || realpathSync(candidate) === shim) continue;
    if (!nodeRuntime(versionOf(candidate)).supported) return candidate;
  }
  return undefined;
}

function runOn(node: string | undefined): { stderr: string; status: number | null; summary: { node: string; status: string } } {
  const cwd = mkdtempSync(path.join(tmpdir(), 'pipeline-node-line-'));
  mkdirSync(path.join(cwd, 'days'));
  writeFileSync(path.join(cwd, 'days', 'orders.csv'), `${CSV}\n`);
  const r = runCli(['--input', 'days', '--out', 'result', '--target', 'aws', '--bucket', uniqueName('nodeline'), '--table', uniqueName('nodeline')], { cwd, env: stackEnv(), node });
  return { stderr: r.stderr, status: r.status, summary: JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8')) };
}

const old = unsupportedNode();

// Where no unsupported Node exists (a machine with only Node 22+ and no ECOMLAKE_UNSUPPORTED_NODE), this case is skipped, visibly.
(old ? test : test.skip)('on an unsupported line: one note naming it and the supported lines, and run-summary.json records the version', () => {
  const version = versionOf(String(old));
  const run = runOn(old);
  const notes = run.stderr.split('\n').filter((line) => line.includes('supported lines'));
  expect(notes).toEqual([`pipeline: Node.js ${version} runs this, a line ecomlake does not support (supported lines: 22, 24, 26). In this repository \`npm run\`, \`npm test\` and \`npx nx\` use the Node.js it pins (node_modules/.bin/node); run through them, or install one of the supported lines.`]);
  expect(run.summary.node).toBe(version);
});

test('on a supported line: no note, and run-summary.json records the version', () => {
  expect(nodeRuntime().supported).toBe(true);
  const run = runOn(undefined);
  expect(run.stderr).not.toContain('supported lines');
  expect(run.status).toBe(0);
  expect(run.summary).toMatchObject({ node: process.version, status: 'succeeded' });
});
