import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { processGone } from './process-start';

const now = () => new Date().toISOString();

describe('processGone', () => {
  it('is false for a live process of this host, and for any process of another host', () => {
    expect(processGone({ host: hostname(), pid: process.pid, startedAt: now() })).toBe(false);
    expect(processGone({ host: `not-${hostname()}`, pid: 999_999_999, startedAt: now() })).toBe(false);
    expect(processGone({ host: hostname(), startedAt: now() })).toBe(false);
  });

  it('is true for a process that ended', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']);
    expect(processGone({ host: hostname(), pid: ended.pid, startedAt: now() })).toBe(true);
  });

  it('is true for a killed process its stopped parent has not reaped (a zombie)', async () => {
    // sh starts a sleeper, prints its pid, then stops itself: the sleeper, once killed, stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; kill -STOP $$'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(parent.stdout, 'data')) as [Buffer];
      const pid = Number(line.toString().trim());
      // Only a stopped parent cannot reap: wait until sh has stopped itself (state T).
      const state = () => { const stat = readFileSync(`/proc/${parent.pid}/stat`, 'latin1'); return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3); };
      for (let i = 0; i < 500 && state() !== 'T'; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(state()).toBe('T');
      const startedAt = now();
      expect(processGone({ host: hostname(), pid, startedAt })).toBe(false);
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200 && !processGone({ host: hostname(), pid, startedAt }); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(() => process.kill(pid, 0)).not.toThrow(); // still in the process table…
      expect(processGone({ host: hostname(), pid, startedAt })).toBe(true); // …but gone
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
