import * as fs from 'node:fs';
import { cleanBytes, type ReadOptions } from './clean/clean-bytes';
import { createCleaningContext } from './clean/context';
import { toPartition } from './clean/to-partition';
import { resolveCleanOptions, type CleanOptions } from './options';
import type { CleanPartition } from './types';

/** The cleaning rules' options, and how to read the file's bytes (`encoding`, `maxLineBytes`, `maxDecompressedBytes`). */
export interface CleanFileOptions extends CleanOptions, ReadOptions {}

/**
 * Cleans one in-memory CSV file (one partition) on the fast path.
 *
 * @example
 * const day = cleanBuffer(fs.readFileSync('2010-12-01.csv'), '2010-12-01.csv');
 */
export function cleanBuffer(bytes: Uint8Array | string, source: string, options: CleanFileOptions = {}): CleanPartition {
  return toPartition(cleanBytes(bytes, source, options, createCleaningContext(resolveCleanOptions(options))));
}

/** Cleans one local CSV file (one partition), read whole: daily files are small. */
export async function cleanFile(path: string, options: CleanFileOptions = {}): Promise<CleanPartition> {
  return cleanBuffer(await fs.promises.readFile(path), path, options);
}
