import { CsvEncodingError, InputPathError } from '@ecomlake/csv';
import { CompressedFileError } from '../errors';
import { AmbiguousColumnError, EmptyFileError, MissingColumnError, PartitionOverlapError, TotalTooLargeError, UnreadableHeaderError } from '../errors';
import { escapeControl } from '../escape';
import { cleanFiles } from '../files/clean-files';
import { InputNotFoundError, listCsvFiles, NoCsvFilesError } from '../files/list-inputs';
import { writeCleanOutputs } from '../files/write-outputs';
import { renderQualityTable } from '../quality/render-table';
import { parseCliArgs, USAGE, UsageError } from './args';

/** Failures a user can fix from the message alone: printed without a stack trace. */
const EXPECTED: readonly (new (...args: never[]) => Error)[] = [
  UsageError,
  InputNotFoundError,
  NoCsvFilesError,
  EmptyFileError,
  MissingColumnError,
  UnreadableHeaderError,
  PartitionOverlapError,
  AmbiguousColumnError,
  TotalTooLargeError,
  InputPathError,
  CsvEncodingError,
  CompressedFileError,
];

/** Errors from worker threads arrive rebuilt by class name, or as a plain Error keeping the name. */
function isExpected(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return EXPECTED.some((type) => error instanceof type || name === type.name);
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the `clean` command; returns the exit code (0 ok, 2 bad usage, 1 bad input or failure). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const files = await listCsvFiles(args.input, {
      onSkipped: (s) => io.err(`skipped ${escapeControl(s.path)}: ${s.reason}${s.sameAs === undefined ? '' : ` (same as ${escapeControl(s.sameAs)})`}`),
    });
    const started = performance.now();
    const result = await cleanFiles(files, { encoding: args.encoding, dateFormat: args.dateFormat, concurrency: args.concurrency });
    const seconds = (performance.now() - started) / 1000;
    const written = await writeCleanOutputs(result, args.out);
    io.out(renderQualityTable(result.report));
    io.out(`\ncleaned ${files.length} file(s) in ${seconds.toFixed(2)} s; wrote to ${escapeControl(args.out)}:`);
    for (const [name, rows] of Object.entries(written)) io.out(`  ${name}${rows === null ? '' : `  (${rows.toLocaleString('en-GB')} rows)`}`);
    return 0;
  } catch (error) {
    if (isExpected(error)) {
      // Paths and values in messages may hold control characters: shown escaped, line by line.
      io.err(`error: ${(error as Error).message.split('\n').map(escapeControl).join('\n')}`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
