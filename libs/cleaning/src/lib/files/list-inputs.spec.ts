import { InputPathError, type SkippedEntry } from '@ecomlake/csv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../test-fixtures/temp-dir';
import { InputNotFoundError, listCsvFiles, NoCsvFilesError } from './list-inputs';

describe('listCsvFiles', () => {
  const dir = tempDir({ '2010-12-02.csv': 'x', '2010-12-01.CSV': 'x', 'notes.txt': 'x' });

  it('lists the .csv files of a directory by name', async () => {
    expect(await listCsvFiles(dir)).toEqual([path.join(dir, '2010-12-01.CSV'), path.join(dir, '2010-12-02.csv')]);
  });

  it('takes the same files as the pipeline: sub-folders and .csv.gz too', async () => {
    const nested = tempDir({ 'a.csv': 'x', 'b.csv.gz': 'x' });
    fs.mkdirSync(path.join(nested, '2011', 'x.csv'), { recursive: true });
    fs.writeFileSync(path.join(nested, '2011', 'x.csv', 'c.csv'), 'x');
    expect(await listCsvFiles(nested)).toEqual(['2011/x.csv/c.csv', 'a.csv', 'b.csv.gz'].map((f) => path.join(nested, f)));
  });

  it('takes a single file as it is', async () => {
    expect(await listCsvFiles(path.join(dir, 'notes.txt'))).toEqual([path.join(dir, 'notes.txt')]);
  });

  it('skips a broken link and a link loop, and says so', async () => {
    const messy = tempDir({ 'a.csv': 'x' });
    fs.symlinkSync(path.join(messy, 'gone.csv'), path.join(messy, 'dangling.csv'));
    fs.symlinkSync(path.join(messy, 'loop.csv'), path.join(messy, 'loop.csv'));
    const skipped: SkippedEntry[] = [];
    expect(await listCsvFiles(messy, { onSkipped: (s) => skipped.push(s) })).toEqual([path.join(messy, 'a.csv')]);
    expect(skipped.map((s) => `${s.relative}: ${s.reason}`)).toEqual(['dangling.csv: broken link', 'loop.csv: link loop']);
  });

  it('names a missing path, a directory without CSV files, and a root it cannot read as what it is', async () => {
    await expect(listCsvFiles(path.join(dir, 'nope'))).rejects.toThrow(InputNotFoundError);
    await expect(listCsvFiles(path.join(dir, 'nope'))).rejects.toThrow(/Input not found: .*nope/);
    await expect(listCsvFiles(tempDir({ 'a.txt': '' }))).rejects.toThrow(NoCsvFilesError);
    const broken = tempDir();
    fs.symlinkSync(path.join(broken, 'x.csv'), path.join(broken, 'x.csv'));
    await expect(listCsvFiles(broken)).rejects.toThrow(/^No \.csv or \.csv\.gz files in .* \(sub-folders included\); 1 entry could not be read\./);
    await expect(listCsvFiles(path.join(broken, 'x.csv'))).rejects.toThrow(InputPathError);
    await expect(listCsvFiles(path.join(broken, 'x.csv'))).rejects.toThrow(/x\.csv: a symbolic link loop/);
  });
});
