import { isEcomlakeError } from '@ecomlake/util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvOptionsError } from './options';
import { parseCsvRows } from './parse-csv';
import { CsvEncodingError } from './utf16';
import { InputPathError, walkInputFiles } from './walk-input-files';

// Each failure a caller acts on is an EcomlakeError with its code (ARCHITECTURE.md, "Errors"),
// raised here through the public functions, as a caller meets it.
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('the errors of @ecomlake/csv', () => {
  it('an option the reader cannot work with is csv.invalidOption', () => {
    const error = caught(() => parseCsvRows('a\n1\n', { maxLineBytes: 0 }));
    expect(error).toBeInstanceOf(CsvOptionsError);
    expect(isEcomlakeError(error, 'csv.invalidOption')).toBe(true);
    expect(error).toMatchObject({ name: 'CsvOptionsError', option: 'maxLineBytes', value: 0 });
  });

  it('UTF-16 input is csv.utf16Input', () => {
    const error = caught(() => parseCsvRows(Buffer.from([0xff, 0xfe, ...Buffer.from('a,b\n', 'utf16le')]), { source: 'export.csv' }));
    expect(error).toBeInstanceOf(CsvEncodingError);
    expect(isEcomlakeError(error, 'csv.utf16Input')).toBe(true);
    expect(error).toMatchObject({ name: 'CsvEncodingError', source: 'export.csv', encoding: 'UTF-16LE', byteOrderMark: true });
  });

  it('a walk whose root does not exist is csv.inputPath', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-errors-'));
    try {
      const error = await walkInputFiles(join(dir, 'missing')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputPathError);
      expect(isEcomlakeError(error, 'csv.inputPath')).toBe(true);
      expect(error).toMatchObject({ name: 'InputPathError', problem: 'not found', detail: 'no such file or folder' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
