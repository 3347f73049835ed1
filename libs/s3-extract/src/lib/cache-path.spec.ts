import { join, resolve, sep } from 'node:path';
import { cacheFilePath, cacheMetaPath } from './cache-path';

describe('cacheFilePath', () => {
  const root = resolve('/tmp/s3x-cache');

  it.each(['../../etc/x', '../../../../../../etc/passwd', '/etc/x', 'a/../../..', '..', '.', '..\\..\\windows\\x', 'x/\0/..'])(
    'keeps key %j inside the cache folder',
    (key) => {
      const path = cacheFilePath(root, 'raw', key);
      expect(path.startsWith(join(root, 'raw') + sep)).toBe(true);
      expect(path.slice(root.length + 1).split(sep)).toHaveLength(2);
      expect(path).not.toContain('..');
    },
  );

  it('keeps the last key segment readable, extension included', () => {
    expect(cacheFilePath(root, 'raw', 'by-day/2011-01-04.csv.gz')).toMatch(/[0-9a-f]{20}-2011-01-04\.csv\.gz$/);
  });

  it('gives distinct keys with the same last segment distinct files', () => {
    const a = cacheFilePath(root, 'raw', 'a/day.csv');
    const b = cacheFilePath(root, 'raw', 'b/day.csv');
    const c = cacheFilePath(root, 'other', 'a/day.csv');
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('is stable for the same bucket and key', () => {
    expect(cacheFilePath(root, 'raw', 'a/day.csv')).toBe(cacheFilePath(root, 'raw', 'a/day.csv'));
  });

  it('puts the sidecar beside the data file', () => {
    const path = cacheFilePath(root, 'raw', 'a/day.csv');
    expect(cacheMetaPath(path)).toBe(`${path}.meta.json`);
  });
});
