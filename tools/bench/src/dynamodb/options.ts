/** The DynamoDB benchmark's command line (see the header of tools/bench/src/dynamodb.ts). */
import { DEFAULT_INDEXES, WITH_COUNTRY_INDEX, type IndexName, type OrderTableOptions } from '@ecomlake/dynamodb-repository';
import path from 'node:path';

const DATA = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');

export const USAGE = `npx nx run bench:dynamodb [-- --input <dir>] [--limit <items>] [--concurrency <n>] [--segments <n>]
     [--sweep 1,2,4,8,16] [--no-split-check] [--decompose] [--heap <MiB>] [--capacity-sample <items>]
     [--skip-reads] [--country-index] [--no-baseline]
The real dataset by default (${DATA}); several minutes: see the header of tools/bench/src/dynamodb.ts.`;

export interface BenchOptions {
  /** Folder of CSV files (default: the real dataset, by day). */
  input: string;
  /** Items to load at most (default: all). */
  limit: number;
  /** The loaders' concurrency (default: theirs). */
  concurrency: number | undefined;
  /** Parallel scan segments of salesOverview (default 'auto'). */
  segments: number | 'auto';
  /** Concurrencies to load the first 50,000 items at (default: none). */
  sweep: number[] | undefined;
  /** The UK split check (default on; runs with `countryIndex` only). */
  splitCheck: boolean;
  /** Each loader on the other layout too (default off). */
  decompose: boolean;
  /** Items of the uniform sample loaded with consumed capacity on (default 50,000). */
  capacitySample: number;
  /** DynamoDB Local's Java heap in MiB (default 2048). */
  heap: number;
  /** Loads only, no reads (default off). */
  skipReads: boolean;
  /** Ours with CountryIndex, the layout before it was opt-in (default off). */
  countryIndex: boolean;
  /** No peer and no timed upserts (default off). */
  noBaseline: boolean;
  /** Our table's layout, from `countryIndex`. */
  ours: OrderTableOptions;
  /** Our table's indexes, from `countryIndex`. */
  oursIndexes: readonly IndexName[];
}

/** The options of `argv` (process.argv), or undefined when it asks for --help. */
export function parseOptions(argv: readonly string[]): BenchOptions | undefined {
  if (argv.includes('--help')) return undefined;
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i > 0 ? argv[i + 1] : undefined;
  };
  const countryIndex = argv.includes('--country-index');
  return {
    input: path.resolve(process.cwd(), flag('input') ?? DATA),
    limit: Number(flag('limit') ?? Infinity),
    concurrency: flag('concurrency') ? Number(flag('concurrency')) : undefined,
    segments: flag('segments') ? Number(flag('segments')) : 'auto',
    sweep: flag('sweep')?.split(',').map(Number),
    splitCheck: !argv.includes('--no-split-check'),
    decompose: argv.includes('--decompose'),
    capacitySample: Number(flag('capacity-sample') ?? 50_000),
    heap: Number(flag('heap') ?? 2048),
    skipReads: argv.includes('--skip-reads'),
    countryIndex,
    noBaseline: argv.includes('--no-baseline'),
    // Ours: the default table, or with CountryIndex (the layout before it was opt-in).
    ours: countryIndex ? { indexes: WITH_COUNTRY_INDEX } : {},
    oursIndexes: countryIndex ? WITH_COUNTRY_INDEX : DEFAULT_INDEXES,
  };
}
