import { createHash } from 'node:crypto';
import { join, resolve, sep } from 'node:path';

const UNSAFE = /[^A-Za-z0-9._-]/g;

/**
 * Where an object is cached: `<cacheDir>/<bucket>/<hash>-<last key segment>`. The key never
 * becomes a path: only its last segment, cleaned to `[A-Za-z0-9._-]` without leading dots, is kept
 * for readability (and its `.gz`), and a hash of bucket and key keeps distinct keys apart.
 * So `../../etc/x` lands in `<cacheDir>/<bucket>/<hash>-x`.
 */
export function cacheFilePath(cacheDir: string, bucket: string, key: string): string {
  const root = resolve(cacheDir);
  const folder = bucket.replace(UNSAFE, '_').replace(/^\.+/, '') || 'bucket';
  const hash = createHash('sha256').update(`${bucket}\0${key}`).digest('hex').slice(0, 20);
  const tail = (key.split(/[/\\]/).pop() ?? '').replace(UNSAFE, '_').replace(/^\.+/, '').slice(-80);
  const path = join(root, folder, tail ? `${hash}-${tail}` : hash);
  // Belt and braces: the construction above cannot leave the root, and this says so loudly if it
  // ever did (a bug of ours, not a failure a caller acts on: a plain Error).
  if (!path.startsWith(root + sep)) throw new Error(`Refusing cache path outside ${root} for key "${key}".`);
  return path;
}

/** The sidecar file that records which version (ETag) of the object the cached file holds. */
export function cacheMetaPath(dataPath: string): string {
  return `${dataPath}.meta.json`;
}
