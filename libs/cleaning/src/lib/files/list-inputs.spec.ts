import * as path from 'node:path';
import { tempDir } from '../../test-fixtures/temp-dir';
import { InputNotFoundError, listCsvFiles, NoCsvFilesError } from './list-inputs';

describe('listCsvFiles', () => {
  const dir = tempDir({ '2010-12-02.csv': 'x', '2010-12-01.CSV': 'x', 'notes.txt': 'x' });

  it('lists the .csv files of a directory by name', async () => {
    expect(await listCsvFiles(dir)).toEqual([path.join(dir, '2010-12-01.CSV'), path.join(dir, '2010-12-02.csv')]);
  });

  it('takes a single file as it is', async () => {
    expect(await listCsvFiles(path.join(dir, 'notes.txt'))).toEqual([path.join(dir, 'notes.txt')]);
  });

  it('names a missing path, and a directory without CSV files', async () => {
    await expect(listCsvFiles(path.join(dir, 'nope'))).rejects.toThrow(InputNotFoundError);
    await expect(listCsvFiles(path.join(dir, 'nope'))).rejects.toThrow(/Input not found: .*nope/);
    await expect(listCsvFiles(tempDir({ 'a.txt': '' }))).rejects.toThrow(NoCsvFilesError);
  });
});
