// Cold-start cost of each synthesized bundle: its size, and the CPU milliseconds a fresh Node
// spends requiring it (median of 5; CPU, not wall time, which other processes on a shared machine
// stretch), with the NODE_OPTIONS the template gives the function, and with --enable-source-maps. `npx nx run pipeline-aws:bundle-load` (after synth).
// Prints a table and a final JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const OUT = path.resolve(process.argv[2] ?? 'dist/apps/pipeline-aws/cdk.out');
const RUNS = 5;

interface Row {
  readonly name: string;
  readonly bundleBytes: number;
  readonly assetBytes: number;
  readonly loadMs: number;
  readonly loadMsWithSourceMaps: number;
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? folderBytes(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

function loadMs(file: string, nodeOptions: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Written as text: console.log colours a number when FORCE_COLOR is set (Nx sets it), and the figure read back was NaN.
    const script = 'const c = process.cpuUsage(); require(process.argv[1]); const d = process.cpuUsage(c); process.stdout.write(`\\n${(d.user + d.system) / 1e3}\\n`)';
    const run = spawnSync(process.execPath, [...nodeOptions, '-e', script, file], {
      cwd: path.dirname(file),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${file} did not load: ${run.stderr}`);
    const ms = Number(run.stdout.trim().split('\n').pop());
    if (!Number.isFinite(ms)) throw new Error(`${file}: expected the CPU milliseconds its load took as the last line, got ${JSON.stringify(run.stdout.slice(-200))}`);
    times.push(ms);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]);
}

const templates = existsSync(OUT) ? readdirSync(OUT).filter((f) => f.endsWith('.template.json')) : [];
if (templates.length === 0) {
  console.error(`${OUT}: no synthesized template; run npx nx run pipeline-aws:synth first`);
  process.exit(1);
}
const rows: Row[] = [];
for (const templateFile of templates) {
  const template = JSON.parse(readFileSync(path.join(OUT, templateFile), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const p = r.Properties as { Handler: string; Code: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
    if (!p.Code.S3Key) continue;
    const asset = path.join(OUT, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`);
    const file = path.join(asset, `${p.Handler.slice(0, p.Handler.lastIndexOf('.'))}.js`);
    const options = String(p.Environment?.Variables?.NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    rows.push({
      name: id.replace(/[0-9A-F]{8}$/, ''),
      bundleBytes: statSync(file).size,
      assetBytes: folderBytes(asset),
      loadMs: loadMs(file, options),
      loadMsWithSourceMaps: loadMs(file, ['--enable-source-maps']),
    });
  }
}
const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;
console.log(`function    bundle     asset      load CPU ms (median of ${RUNS})   with --enable-source-maps`);
for (const r of rows) console.log(`${r.name.padEnd(11)} ${mb(r.bundleBytes).padEnd(10)} ${mb(r.assetBytes).padEnd(10)} ${String(r.loadMs).padEnd(31)} ${r.loadMsWithSourceMaps}`);
console.log(JSON.stringify({ runs: RUNS, node: process.version, functions: rows }));
