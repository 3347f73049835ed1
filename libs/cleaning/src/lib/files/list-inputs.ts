import { InputPathError, walkInputFiles, type SkippedEntry } from '@ecomlake/csv';
import { EcomlakeError } from '@ecomlake/util';
import { escapeControl } from '../escape';

/** The input path does not exist. */
export class InputNotFoundError extends EcomlakeError<'cleaning.inputNotFound'> {
  override readonly name = 'InputNotFoundError';
  /** `options.cause`: the walk's `InputPathError`. */
  constructor(
    readonly input: string,
    options?: ErrorOptions,
  ) {
    super(
      'cleaning.inputNotFound',
      `Input not found: ${escapeControl(input)}. Pass a CSV file or a directory of CSV files.`,
      options,
    );
  }
}

/** A directory (sub-folders included) without any file to clean in it. */
export class NoCsvFilesError extends EcomlakeError<'cleaning.noCsvFiles'> {
  override readonly name = 'NoCsvFilesError';
  constructor(
    readonly input: string,
    /** Entries left out because they could not be read. */
    readonly skipped = 0,
  ) {
    super(
      'cleaning.noCsvFiles',
      `No .csv or .csv.gz files in ${escapeControl(input)} (sub-folders included)` +
        (skipped > 0 ? `; ${skipped} entr${skipped === 1 ? 'y' : 'ies'} could not be read` : '') +
        `. Pass a CSV file or a directory holding .csv files.`,
    );
  }
}

export interface ListOptions {
  /**
   * Called once for each entry left out because it cannot be read (a broken link, a link
   * loop, no permission, not a regular file, a second link to the same file). Default:
   * none (they are left out silently).
   */
  onSkipped?: (entry: SkippedEntry) => void;
}

/**
 * The CSV files to clean: the file itself, or every `.csv` and `.csv.gz` file under the
 * directory, sub-folders included, sorted by relative path (daily files then come in
 * date order). The same walk as the pipeline's upload (`walkInputFiles` of
 * `@ecomlake/csv`), so both take the same files. A root that exists but cannot be read
 * throws the walk's `InputPathError` (permission denied, link loop, ...).
 */
export async function listCsvFiles(input: string, options: ListOptions = {}): Promise<string[]> {
  const walk = await walkInputFiles(input).catch((error: unknown) => {
    throw error instanceof InputPathError && error.problem === 'not found' ? new InputNotFoundError(input, { cause: error }) : error;
  });
  for (const entry of walk.skipped) options.onSkipped?.(entry);
  if (walk.files.length === 0) throw new NoCsvFilesError(input, walk.skipped.length);
  return walk.files.map((file) => file.path);
}
