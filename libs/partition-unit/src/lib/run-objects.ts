import { isCsvPath } from '@ecomlake/csv';

/**
 * What a run takes from a listing: one rule for both apps (the local app's manifest and the
 * Distributed Map's children), so a stray object never fails one and passes the other.
 */

/** A listed object, as ListObjectsV2 (or the Distributed Map's ItemReader) gives it. */
export interface ListedRunObject {
  readonly key: string;
  readonly size: number;
  /** ListObjectsV2's `StorageClass`. Default `STANDARD` (S3-compatible servers may omit it). */
  readonly storageClass?: string;
  /**
   * HeadObject's `ArchiveStatus` (`ARCHIVE_ACCESS` or `DEEP_ARCHIVE_ACCESS`) for an
   * INTELLIGENT_TIERING object, when the caller has it: a listing does not say which tier an
   * object is in. Default: not archived.
   */
  readonly archiveStatus?: string;
  /** True when a restored copy of an archived object is available (HeadObject's `Restore` says `ongoing-request="false"`). Default false. */
  readonly restored?: boolean;
}

/** Why an object is not part of a run. */
export type RunObjectSkipReason = 'folder-marker' | 'not-csv' | 'archived';

export type RunObjectDecision =
  | { readonly take: true }
  | {
      readonly take: false;
      readonly reason: RunObjectSkipReason;
      /** One sentence for the run summary: what the object is and what to do to include it. */
      readonly detail: string;
    };

/** An object a run left out, as run summaries list it. */
export interface SkippedRunObject {
  readonly key: string;
  readonly size: number;
  readonly reason: RunObjectSkipReason;
  readonly detail: string;
}

/**
 * Storage classes whose objects cannot be read until restored (S3's GetObject answers
 * InvalidObjectState). GLACIER_IR (Instant Retrieval) reads like STANDARD, so it is not here.
 */
export const ARCHIVED_STORAGE_CLASSES: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE'];
/** INTELLIGENT_TIERING's tiers that need a restore as well. */
export const ARCHIVED_ACCESS_TIERS: readonly string[] = ['ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS'];

/**
 * Takes `.csv` and `.csv.gz` objects (any case) that can be read now. Skips folder markers
 * (`key/` of the S3 console, Hadoop's `_SUCCESS` and `<name>_$folder$`), any other name
 * (`README.txt`, `manifest.json`), and archived objects that were not restored.
 */
export function classifyRunObject(object: ListedRunObject): RunObjectDecision {
  const { key } = object;
  const name = key.slice(key.lastIndexOf('/', key.length - 2) + 1);
  if (key.endsWith('/') || name === '_SUCCESS' || key.endsWith('_$folder$')) {
    return { take: false, reason: 'folder-marker', detail: `${key}: a folder marker written by a tool (no data)` };
  }
  if (!isCsvPath(key)) return { take: false, reason: 'not-csv', detail: `${key}: not a .csv or .csv.gz object; rename it to include it` };
  const storageClass = (object.storageClass ?? 'STANDARD').toUpperCase();
  const tier = object.archiveStatus?.toUpperCase();
  const archived = ARCHIVED_STORAGE_CLASSES.includes(storageClass) || (storageClass === 'INTELLIGENT_TIERING' && tier !== undefined && ARCHIVED_ACCESS_TIERS.includes(tier));
  if (archived && !object.restored) {
    const where = tier ? `${storageClass} (${tier})` : storageClass;
    return { take: false, reason: 'archived', detail: `${key}: archived in ${where}; restore it (S3 RestoreObject) and run again to include it` };
  }
  return { take: true };
}

/** Splits a listing into what the run takes and what it skips (with the reason), in listing order. */
export function selectRunObjects<T extends ListedRunObject>(objects: readonly T[]): { taken: T[]; skipped: SkippedRunObject[] } {
  const taken: T[] = [];
  const skipped: SkippedRunObject[] = [];
  for (const object of objects) {
    const decision = classifyRunObject(object);
    if (decision.take) taken.push(object);
    else skipped.push({ key: object.key, size: object.size, reason: decision.reason, detail: decision.detail });
  }
  return { taken, skipped };
}
