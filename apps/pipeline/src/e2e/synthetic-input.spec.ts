// The default run's synthetic data: a folder that a killed run left half-written is generated
// again, never reused as if it were whole (it used to be reused as soon as it was non-empty).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateRetailDays } from '@ecomlake/local-stack';
import { resolveInput } from '../app/input';
import { resolveSettings } from '../app/settings';

test('a synthetic dataset cut short by a killed run is generated again, whole', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'synthetic-input-'));
  const settings = resolveSettings(['--rows', '1500', '--seed', '9'], {}, path.join(dataDir, 'no-such.env'));
  const days = [...generateRetailDays({ rows: 1500, seed: 9 })];
  const dir = path.join(dataDir, 'synthetic', 'rows-1500-seed-9');
  // What a run killed while generating left: the first day whole, the second cut mid-line, no more.
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${days[0].day}.csv`), days[0].csv);
  writeFileSync(path.join(dir, `${days[1].day}.csv`), days[1].csv.slice(0, Math.floor(days[1].csv.length / 2)));

  const input = await resolveInput(settings, dataDir);

  expect(input).toMatchObject({ kind: 'local', path: dir, synthetic: true });
  expect(readdirSync(dir).filter((name) => name.endsWith('.csv')).sort()).toEqual(days.map((d) => `${d.day}.csv`));
  for (const day of days) expect(readFileSync(path.join(dir, `${day.day}.csv`), 'utf8')).toBe(day.csv);
  expect(days.reduce((sum, d) => sum + d.rows, 0)).toBe(1500);
  rmSync(dataDir, { recursive: true, force: true });
});
