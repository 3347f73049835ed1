import { InputPathError } from '@ecomlake/csv';
import { EcomlakeError, isEcomlakeError } from '@ecomlake/util';
import { gzipSync } from 'node:zlib';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanBuffer } from './clean-buffer';
import { parseCliArgs, UsageError } from './cli/args';
import * as errors from './errors';
import type { CleaningErrorCode } from './errors';
import { InputNotFoundError, listCsvFiles, NoCsvFilesError } from './files/list-inputs';

// Every error cleaning declares, with the code a caller (or a Step Functions Catch, or the
// main thread after a worker's message) tells it by.
const cases: readonly (readonly [string, EcomlakeError<CleaningErrorCode>, CleaningErrorCode])[] = [
  ['MissingColumnError', new errors.MissingColumnError('a.csv', ['InvoiceNo', 'Quantity'], ['Invoice'], ['Quantity']), 'cleaning.missingColumn'],
  ['AmbiguousColumnError', new errors.AmbiguousColumnError('g.csv', 'Quantity', ['Quantity', 'Quantity'], [4, 9]), 'cleaning.ambiguousColumn'],
  ['UnreadableHeaderError', new errors.UnreadableHeaderError('b.csv', 'unterminated quote'), 'cleaning.unreadableHeader'],
  ['EmptyFileError', new errors.EmptyFileError('c.csv'), 'cleaning.emptyFile'],
  ['CleaningOptionsError', new errors.CleaningOptionsError('samples', -1, 'Use a whole number ≥ 0.'), 'cleaning.invalidOption'],
  ['ReconciliationError', new errors.ReconciliationError('d.csv', '10 in, 9 out'), 'cleaning.reconciliation'],
  ['PartitionOverlapError', new errors.PartitionOverlapError('536365', ['e.csv', 'f.csv']), 'cleaning.partitionOverlap'],
  ['TotalTooLargeError', new errors.TotalTooLargeError('clean revenue of the merged partitions', '27021570740402.238'), 'cleaning.totalTooLarge'],
  ['CompressedFileError', new errors.CompressedFileError('h.csv.gz', 'not gzip', 'starts like gzip but cannot be decompressed.'), 'cleaning.compressedFile'],
  ['InputNotFoundError', new InputNotFoundError('data/nope'), 'cleaning.inputNotFound'],
  ['NoCsvFilesError', new NoCsvFilesError('data/empty', 1), 'cleaning.noCsvFiles'],
  ['UsageError', new UsageError('Missing --input <file | dir>.'), 'cleaning.usage'],
];

test('every error class of errors.ts has a case here, and no two share a code', () => {
  const declared = Object.entries(errors).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
  expect(declared.map(([name]) => name).filter((name) => !cases.some(([n]) => n === name))).toEqual([]);
  expect(new Set(cases.map(([, , code]) => code)).size).toBe(cases.length);
});

test.each(cases)('%s is an EcomlakeError with its name and code, also after a JSON hop', (name, error, code) => {
  expect(error).toBeInstanceOf(EcomlakeError);
  expect(error.name).toBe(name);
  expect(error.code).toBe(code);
  expect(isEcomlakeError(error, code)).toBe(true);
  const hopped: unknown = JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code }));
  expect(isEcomlakeError(hopped, code)).toBe(true);
  expect(hopped).toEqual({ name, message: error.message, code });
});

test('messages are unchanged by the base class', () => {
  expect(new errors.EmptyFileError('c.csv').message).toBe('c.csv: the file is empty (no header line). Re-export or re-upload it, or remove it from the input.');
  expect(new InputNotFoundError('data/nope').message).toBe('Input not found: data/nope. Pass a CSV file or a directory of CSV files.');
  expect(new errors.CompressedFileError('h.csv.gz', 'too large', 'too big.').message).toBe('h.csv.gz: too big.');
});

describe('the cause is kept', () => {
  it('broken gzip: zlib’s error', () => {
    const broken = Buffer.concat([gzipSync('a,b\n').subarray(0, 10), Buffer.from('not deflate')]);
    const error = catching(() => cleanBuffer(broken, 'broken.csv.gz'));
    expect(error).toBeInstanceOf(errors.CompressedFileError);
    expect((error as errors.CompressedFileError).problem).toBe('not gzip');
    expect((error as Error).cause).toMatchObject({ code: expect.stringMatching(/^Z_/) });
  });

  it('an input that does not exist: the walk’s InputPathError', async () => {
    const missing = path.join(os.tmpdir(), `ecomlake-no-such-input-${process.pid}`);
    const error: unknown = await listCsvFiles(missing).catch((e: unknown) => e);
    expect(isEcomlakeError(error, 'cleaning.inputNotFound')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(InputPathError);
  });

  it('an unknown flag: parseArgs’ error', () => {
    const error = catching(() => parseCliArgs(['--input', 'x', '--colour']));
    expect(isEcomlakeError(error, 'cleaning.usage')).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });
});

function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
