import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSyntheticOptionsError } from './errors';
import { generateRetailDays } from './generate';
import { readSyntheticDataset, writeSyntheticDataset } from './write';

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

    expect((await readdir(target)).filter((f) => f.endsWith('.csv')).sort()).toEqual(expected.map((d) => `${d.day}.csv`));
    expect(summary.files).toEqual(expected.map((d) => join(target, `${d.day}.csv`)));
    expect(summary.rows).toBe(3_000);
    for (const [i, file] of summary.files.entries()) expect(await readFile(file, 'utf8')).toBe(expected[i].csv);
    const sizes = await Promise.all(summary.files.map(async (f) => (await stat(f)).size));
    expect(summary.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  it('is complete only once written whole: a folder cut short (no marker) is reported incomplete and replaced', async () => {
    const options = { rows: 2_000, seed: 5 };
    const expected = [...generateRetailDays(options)];
    const target = join(dir, 'rows-2000-seed-5');
    // What an interrupted write left: the first day whole, the second cut mid-line.
    await mkdir(target);
    await writeFile(join(target, `${expected[0].day}.csv`), expected[0].csv);
    await writeFile(join(target, `${expected[1].day}.csv`), expected[1].csv.slice(0, 100));
    expect(await readSyntheticDataset(target, options)).toBeUndefined();

    const summary = await writeSyntheticDataset(target, options);
    expect((await readdir(target)).filter((f) => f.endsWith('.csv')).sort()).toEqual(expected.map((d) => `${d.day}.csv`));
    for (const day of expected) expect(await readFile(join(target, `${day.day}.csv`), 'utf8')).toBe(day.csv);
    expect(await readSyntheticDataset(target, options)).toEqual(summary);
    expect(summary.rows).toBe(2_000);
    expect(await readdir(dir)).toEqual(['rows-2000-seed-5']); // no temporary folder left
  });

  it('a complete dataset is recognised only for its own options and only while every file is whole', async () => {
    const target = join(dir, 'data');
    const summary = await writeSyntheticDataset(target, { rows: 1_000, seed: 3 });
    expect(await readSyntheticDataset(target, { rows: 1_000, seed: 3 })).toEqual(summary);
    expect(await readSyntheticDataset(target, { rows: 1_000, seed: 4 })).toBeUndefined();
    expect(await readSyntheticDataset(target, { rows: 999, seed: 3 })).toBeUndefined();
    await truncate(summary.files[summary.files.length - 1], 10);
    expect(await readSyntheticDataset(target, { rows: 1_000, seed: 3 })).toBeUndefined();
    expect(await readSyntheticDataset(join(dir, 'missing'))).toBeUndefined();
  });

  it('a failed write leaves the existing dataset as it was and no temporary folder', async () => {
    const target = join(dir, 'data');
    const summary = await writeSyntheticDataset(target, { rows: 500, seed: 1 });
    await expect(writeSyntheticDataset(target, { rows: -1 })).rejects.toThrow(InvalidSyntheticOptionsError);
    expect(await readSyntheticDataset(target, { rows: 500, seed: 1 })).toEqual(summary);
    expect(await readdir(dir)).toEqual(['data']);
  });

  it('refuses to replace a folder that holds anything but a synthetic dataset, and leaves it untouched', async () => {
    const target = join(dir, 'mine');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'keep me');
    await expect(writeSyntheticDataset(target, { rows: 100 })).rejects.toThrow(
      `Invalid synthetic dataset option dir=${JSON.stringify(target)}: it holds "notes.txt", which is not a synthetic day file`,
    );
    expect(await readdir(target)).toEqual(['notes.txt']);
  });
});
