import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRetailDays } from './generate';
import { writeSyntheticDataset } from './write';

describe('writeSyntheticDataset', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one YYYY-MM-DD.csv per generated day, byte for byte, and sums rows and bytes', async () => {
    const options = { rows: 3_000, seed: 11 };
    const target = join(dir, 'nested', 'raw');
    const summary = await writeSyntheticDataset(target, options);
    const expected = [...generateRetailDays(options)];

    expect((await readdir(target)).sort()).toEqual(expected.map((d) => `${d.day}.csv`));
    expect(summary.files).toEqual(expected.map((d) => join(target, `${d.day}.csv`)));
    expect(summary.rows).toBe(3_000);
    for (const [i, file] of summary.files.entries()) expect(await readFile(file, 'utf8')).toBe(expected[i].csv);
    const sizes = await Promise.all(summary.files.map(async (f) => (await stat(f)).size));
    expect(summary.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  });
});
