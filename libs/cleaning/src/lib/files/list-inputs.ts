import * as fs from 'node:fs';
import * as path from 'node:path';

/** The input path does not exist. */
export class InputNotFoundError extends Error {
  constructor(readonly input: string) {
    super(`Input not found: ${input}. Pass a CSV file or a directory of CSV files.`);
    this.name = 'InputNotFoundError';
  }
}

/** A directory without any `.csv` file in it. */
export class NoCsvFilesError extends Error {
  constructor(readonly input: string) {
    super(`No .csv files in ${input}. Pass a CSV file or a directory holding .csv files (not searched recursively).`);
    this.name = 'NoCsvFilesError';
  }
}

/**
 * The CSV files to clean: the file itself, or every `.csv` file directly in the
 * directory, sorted by name (daily files then come in date order).
 */
export async function listCsvFiles(input: string): Promise<string[]> {
  const stat = await fs.promises.stat(input).catch(() => undefined);
  if (!stat) throw new InputNotFoundError(input);
  if (!stat.isDirectory()) return [input];
  const names = (await fs.promises.readdir(input)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) throw new NoCsvFilesError(input);
  return names.map((n) => path.join(input, n));
}
