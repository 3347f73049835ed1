import { EcomlakeError, isEcomlakeError } from './errors';

class DiskFullError extends EcomlakeError<'util.diskFull'> {
  override readonly name = 'DiskFullError';
  constructor(readonly path: string, options?: ErrorOptions) {
    super('util.diskFull', `${path}: the disk is full. Free some space and run again.`, options);
  }
}

describe('EcomlakeError', () => {
  it('carries its code, its literal name, its message and its cause', () => {
    const cause = new Error('ENOSPC');
    const error = new DiskFullError('/tmp/out', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(EcomlakeError);
    expect(error.code).toBe('util.diskFull');
    expect(error.name).toBe('DiskFullError');
    expect(error.message).toBe('/tmp/out: the disk is full. Free some space and run again.');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('DiskFullError: /tmp/out: the disk is full. Free some space and run again.');
  });

  it('isEcomlakeError tells ours by code, narrows the type, and recognises one rebuilt from JSON', () => {
    const error: unknown = new DiskFullError('/tmp/out');
    expect(isEcomlakeError(error)).toBe(true);
    expect(isEcomlakeError(error, 'util.diskFull')).toBe(true);
    expect(isEcomlakeError(error, 's3-extract.objectChanged')).toBe(false);
    if (isEcomlakeError(error, 'util.diskFull')) expect(error.code.length).toBe(13);
    const rebuilt = JSON.parse(JSON.stringify({ name: 'DiskFullError', message: 'x', code: 'util.diskFull' }));
    expect(isEcomlakeError(rebuilt, 'util.diskFull')).toBe(true);
  });

  it("isEcomlakeError is false for errors that are not ours, Node's system errors included", () => {
    const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(isEcomlakeError(enoent)).toBe(false);
    expect(isEcomlakeError(new Error('plain'))).toBe(false);
    expect(isEcomlakeError('util.diskFull')).toBe(false);
    expect(isEcomlakeError(undefined)).toBe(false);
  });
});
