import { CsvOptionsError, DEFAULT_MAX_LINE_BYTES, resolveCsvOptions } from './options';

describe('resolveCsvOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveCsvOptions()).toEqual({ source: '', encoding: 'utf-8', maxLineBytes: DEFAULT_MAX_LINE_BYTES, maxRecordLines: 100, header: true });
    expect(DEFAULT_MAX_LINE_BYTES).toBe(1024 * 1024);
  });

  it('accepts common spellings of the two encodings', () => {
    expect(resolveCsvOptions({ encoding: 'utf8' as 'utf-8' }).encoding).toBe('utf-8');
    expect(resolveCsvOptions({ encoding: 'ISO-8859-1' as 'latin1' }).encoding).toBe('latin1');
  });

  it('rejects an unknown encoding with an error naming the option and the choices', () => {
    expect(() => resolveCsvOptions({ encoding: 'utf-16' as 'utf-8' })).toThrow(CsvOptionsError);
    expect(() => resolveCsvOptions({ encoding: 'utf-16' as 'utf-8' })).toThrow(/encoding.*utf-8, latin1/);
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => resolveCsvOptions({ maxLineBytes: 0 })).toThrow(/maxLineBytes/);
    expect(() => resolveCsvOptions({ maxLineBytes: 1.5 })).toThrow(CsvOptionsError);
    expect(() => resolveCsvOptions({ maxRecordLines: 0 })).toThrow(/maxRecordLines: 0\. Use a positive whole number of lines/);
  });
});
