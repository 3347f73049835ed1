import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { invocationDir } from './paths';

describe('invocationDir', () => {
  test('run directly: the working folder, whatever INIT_CWD an enclosing npm script left', () => {
    expect(invocationDir({ INIT_CWD: '/somewhere/else' }, '/work/here')).toBe('/work/here');
  });

  test('run by Nx: INIT_CWD, which npx sets to where the user typed', () => {
    expect(invocationDir({ NX_TASK_TARGET_PROJECT: 'pipeline', INIT_CWD: '/work/main/apps/pipeline' }, '/work/main')).toBe('/work/main/apps/pipeline');
  });

  test('run by Nx without npm: the working folder of the Nx process', async () => {
    // A real process stands in for Nx: its working folder is the one the user typed in.
    const typedIn = realpathSync(mkdtempSync(path.join(tmpdir(), 'typed-in-')));
    const nx = spawn('sleep', ['30'], { cwd: typedIn, stdio: 'ignore' });
    try {
      expect(invocationDir({ NX_TASK_TARGET_PROJECT: 'pipeline', NX_INVOCATION_ROOT_PID: String(nx.pid) }, '/work/main')).toBe(typedIn);
    } finally {
      nx.kill();
      await once(nx, 'exit');
    }
    expect(invocationDir({ NX_TASK_TARGET_PROJECT: 'pipeline', NX_INVOCATION_ROOT_PID: String(nx.pid) }, '/work/main')).toBe('/work/main');
  });
});
