import { createHash } from 'node:crypto';
import { cleaningFingerprint, type CleanFileOptions } from '@ecomlake/cleaning';

/**
 * A partition's stable id: its object's key under the run's raw prefix (`2011-12-09.csv`),
 * so the same file reloaded replaces its earlier version. A key outside the prefix is its
 * own id.
 */
export function partitionId(key: string, rawPrefix: string): string {
  return key.startsWith(rawPrefix) && key.length > rawPrefix.length ? key.slice(rawPrefix.length).replace(/^\//, '') : key;
}

/**
 * Everything that shapes a partition's items: its object's ETag and the cleaning's
 * fingerprint (rules version and options). A change to either loads it again.
 */
export function partitionIdentity(etag: string, clean: CleanFileOptions = {}): string {
  const fingerprint = createHash('sha256').update(cleaningFingerprint(clean)).digest('hex').slice(0, 16);
  return `${etag}|${fingerprint}`;
}
