import { EmptyFileError, MissingColumnError, PartitionOverlapError, UnreadableHeaderError } from '../errors';
import { cleanFiles } from '../files/clean-files';
import { InputNotFoundError, listCsvFiles, NoCsvFilesError } from '../files/list-inputs';
import { writeCleanOutputs } from '../files/write-outputs';
import { renderQualityTable } from '../report/render-table';
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
];

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
    const files = await listCsvFiles(args.input);
    const started = performance.now();
    const result = await cleanFiles(files, { encoding: args.encoding, dateFormat: args.dateFormat, concurrency: args.concurrency });
    const seconds = (performance.now() - started) / 1000;
    const written = await writeCleanOutputs(result, args.out);
    io.out(renderQualityTable(result.report));
    io.out(`\ncleaned ${files.length} file(s) in ${seconds.toFixed(2)} s; wrote to ${args.out}:`);
    for (const [name, rows] of Object.entries(written)) io.out(`  ${name}${rows === null ? '' : `  (${rows.toLocaleString('en-GB')} rows)`}`);
    return 0;
  } catch (error) {
    if (EXPECTED.some((type) => error instanceof type)) {
      io.err(`error: ${(error as Error).message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
