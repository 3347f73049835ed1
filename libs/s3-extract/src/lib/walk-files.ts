import { walkInputFiles, type InputFile, type SkippedEntry } from '@ecomlake/csv';

/** A file found under a root, with its path relative to the root in `/` form. */
export type LocalFile = InputFile;

export interface WalkFilesOptions {
  /** Called once for each entry left out because it cannot be read (see `walkInputFiles`). Default: none. */
  readonly onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * Every regular file under a folder (symbolic links followed, loops and unreadable
 * entries skipped), sorted by relative path; or the one file. The walk is
 * `walkInputFiles` of `@ecomlake/csv`, the one the cleaning command uses, with no name
 * filter (uploads choose their own).
 */
export async function walkFiles(root: string, options: WalkFilesOptions = {}): Promise<LocalFile[]> {
  const { files, skipped } = await walkInputFiles(root, { filter: () => true });
  for (const entry of skipped) options.onSkipped?.(entry);
  return [...files];
}
