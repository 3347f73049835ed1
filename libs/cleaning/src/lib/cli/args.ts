import type { CsvEncoding } from '@ecomlake/csv';
import { EcomlakeError } from '@ecomlake/util';
import { parseArgs } from 'node:util';
import { DATE_FORMATS, type DateFormat } from '../parse/dates';

/** A command-line mistake: the message names the flag and says what to pass. */
export class UsageError extends EcomlakeError<'cleaning.usage'> {
  override readonly name = 'UsageError';
  /** `options.cause`: `parseArgs`'s own error, when it found the mistake. */
  constructor(message: string, options?: ErrorOptions) {
    super('cleaning.usage', message, options);
  }
}

export interface CliArgs {
  input: string;
  encoding: CsvEncoding;
  dateFormat: DateFormat;
  out: string;
  concurrency?: number;
  help: boolean;
}

export const USAGE = `Usage: npx nx run cleaning:clean -- --input <file | dir> [options]

Cleans Online Retail CSV files locally (no AWS), writes the quality report, the keyed
items and every removed row to --out, and prints the report table.

  --input <path>        a CSV file, or a directory of .csv files (one partition each)
  --encoding <name>     utf-8 (default) or latin1
  --date-format <name>  iso (2010-12-01 08:26:00, default), mdy (12/1/2010 8:26) or mdyy (12/1/10 8:26)
  --out <dir>           output directory (default out/cleaning)
  --concurrency <n>     threads to use (default: all cores)
  --help                this text`;

const ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'latin1'];

/** Parses and checks the flags; throws {@link UsageError} naming the first bad one. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        encoding: { type: 'string', default: 'utf-8' },
        'date-format': { type: 'string', default: 'iso' },
        out: { type: 'string', default: 'out/cleaning' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n\n${USAGE}`, { cause: error });
  }
  const help = values.help === true;
  const input = values.input as string | undefined;
  if (!help && (input === undefined || input === '')) throw new UsageError(`Missing --input <file | dir>.\n\n${USAGE}`);
  const encoding = values.encoding as string;
  if (!ENCODINGS.includes(encoding as CsvEncoding)) {
    throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}, not "${encoding}".`);
  }
  const dateFormat = values['date-format'] as string;
  if (!DATE_FORMATS.includes(dateFormat as DateFormat)) {
    throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(', ')}, not "${dateFormat}".`);
  }
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UsageError(`--concurrency must be a whole number ≥ 1, not "${values.concurrency}".`);
    }
  }
  return { input: input ?? '', encoding: encoding as CsvEncoding, dateFormat: dateFormat as DateFormat, out: values.out as string, concurrency, help };
}
