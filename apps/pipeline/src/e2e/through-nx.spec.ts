// `npx nx run pipeline:run` as users type it: from a sub-folder of the workspace (Nx starts the
// command in the workspace root), and stopped with Ctrl-C (Nx relays it to its task as
// SIGTERM, stops the embedded stack first, and drops what its task prints afterwards).
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { uniqueName } from '@ecomlake/local-stack';
import { outputOf, processesMentioning, STACK_LINE, stackEnv, startNx, WORKSPACE } from './run-cli';

/** A folder of the workspace that git ignores (tmp/), as a user's own sub-folder. */
function subfolder(): string {
  mkdirSync(path.join(WORKSPACE, 'tmp'), { recursive: true });
  return mkdtempSync(path.join(WORKSPACE, 'tmp', 'nx-e2e-'));
}

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850,United Kingdom',
].join('\n');

test('relative --input and --out typed in a sub-folder mean that sub-folder, also through Nx', async () => {
  const sub = subfolder();
  try {
    mkdirSync(path.join(sub, 'my-days'));
    writeFileSync(path.join(sub, 'my-days', '2010-12-01.csv'), `${CSV}\n`);
    const r = await outputOf(
      startNx(['--input', 'my-days', '--out', 'my-out', '--no-analytics', '--target', 'aws', '--bucket', uniqueName('nx-paths'), '--table', uniqueName('nx-paths')], {
        cwd: sub,
        env: stackEnv(),
      }),
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(sub, 'my-out', 'run-summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'succeeded', input: path.join(sub, 'my-days'), quality: { rowsIn: 2, clean: 2 } });

    // A mistake names the absolute path it tried.
    const missing = await outputOf(startNx(['--input', 'no-such-days', '--target', 'aws'], { cwd: sub, env: stackEnv() }));
    expect(missing.stdout + missing.stderr).toContain(`pipeline: --input ${path.join(sub, 'no-such-days')}: no such file or folder.`);
  } finally {
    rmSync(sub, { recursive: true, force: true });
  }
});

test('Ctrl-C through Nx: the message names SIGINT and the stage, run-summary.json says interrupted, and no server is left', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'pipeline-nx-ctrl-c-'));
  const dataDir = path.join(work, '.data');
  // What the terminal shows, as a file: Nx's stderr must be a terminal, file or pipe for the
  // last message to reach it (node's own 'pipe' stdio is a socket, which /proc cannot reopen).
  const shown = path.join(work, 'terminal.txt');
  const output = () => readFileSync(shown, 'utf8');
  // Nx runs the command in the workspace root; the embedded stack's data goes to a folder of this test's own.
  const child = startNx(['--rows', '20000', '--out', path.join(work, 'result')], { cwd: WORKSPACE, env: { ECOMLAKE_DATA_DIR: dataDir }, ownGroup: true, outputFile: shown });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    // Wait for the upload's line, polling the file as a person watches the terminal.
    while (!/^✓ upload/m.test(output())) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the run ended before its upload finished:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // A terminal's Ctrl-C: SIGINT to the whole foreground process group (npm, sh, nx).
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const [status, signal] = await exited;
    // Nx writes its last lines after npx has gone; it is done when no process of the run is left.
    while (processesMentioning(dataDir).length > 0) await new Promise((resolve) => setTimeout(resolve, 25));

    // The user's shell sees npx end by SIGINT (130).
    expect(signal === 'SIGINT' || status === 130).toBe(true);
    const all = output();
    expect(all).not.toMatch(STACK_LINE);
    const said = /^pipeline: interrupted by SIGINT \(Ctrl-C\) during stage "([a-z-]+)"$/m.exec(all);
    expect(said?.[0]).toBeDefined();
    expect(all).toMatch(/^Completed stages: [a-z, -]*upload(, [a-z-]+)*\.$/m);

    const summary = JSON.parse(readFileSync(path.join(work, 'result', 'run-summary.json'), 'utf8'));
    expect({ status: summary.status, failedStage: summary.failedStage, error: summary.error }).toEqual({
      status: 'interrupted',
      failedStage: said?.[1],
      error: 'interrupted by SIGINT (Ctrl-C)',
    });
    expect(summary.stages[said?.[1] ?? '']).toMatchObject({ status: 'interrupted' });
    // Nothing blames the embedded stack, which Nx stopped first.
    expect(JSON.stringify(summary)).not.toMatch(/exited with code|killed by SIG|Cannot reach/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
    for (const pid of processesMentioning(dataDir)) process.kill(Number(pid), 'SIGKILL');
  }
});
