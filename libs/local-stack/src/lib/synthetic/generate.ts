import { parseDay, tradingDays } from './calendar';
import { RETAIL_HEADER } from './csv-row';
import { generateDayLines } from './day-lines';
import { InvalidSyntheticOptionsError } from './errors';
import { corruptLine, planMalformed } from './malformed';
import { sfc32 } from './prng';

/** What to generate. Same options → same bytes. */
export interface SyntheticRetailOptions {
  /** Data lines in total over all files (header excluded; duplicate and malformed lines included). Default 20_000. */
  readonly rows?: number;
  /** PRNG seed, any integer (taken modulo 2^32). Default 42. */
  readonly seed?: number;
  /** First calendar day, `YYYY-MM-DD`. Default `'2010-12-01'`, the first day of the real data. */
  readonly from?: string;
  /** Last calendar day, inclusive. Default `'2011-12-09'`, the last day of the real data. */
  readonly to?: string;
}

/** One daily file: the day (`YYYY-MM-DD`, also its file name stem), its CSV text and its data lines. */
export interface SyntheticDay {
  readonly day: string;
  /** Header, then the lines, each ending in `\n` (as the real files do). */
  readonly csv: string;
  /** Data lines in `csv`, the header not counted. */
  readonly rows: number;
}

/** The real invoice numbers start here; cancellations reuse the sequence with a `C` prefix. */
const FIRST_INVOICE = 536365;

interface Resolved {
  rows: number;
  seed: number;
  from: number;
  to: number;
}

/** The options with every default filled in: equal results mean equal bytes. */
export function syntheticDefaults(options: SyntheticRetailOptions = {}): Required<SyntheticRetailOptions> {
  const { rows = 20_000, seed = 42, from = '2010-12-01', to = '2011-12-09' } = options;
  return { rows, seed, from, to };
}

function resolve(options: SyntheticRetailOptions): Resolved {
  const { rows, seed, from, to } = syntheticDefaults(options);
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new InvalidSyntheticOptionsError('rows', rows, 'pass a whole number of lines, 0 or more.');
  }
  if (!Number.isSafeInteger(seed)) throw new InvalidSyntheticOptionsError('seed', seed, 'pass an integer seed.');
  const fromDay = parseDay(from);
  if (fromDay === null) throw new InvalidSyntheticOptionsError('from', from, 'pass a real calendar day as YYYY-MM-DD.');
  const toDay = parseDay(to);
  if (toDay === null) throw new InvalidSyntheticOptionsError('to', to, 'pass a real calendar day as YYYY-MM-DD.');
  if (toDay < fromDay) throw new InvalidSyntheticOptionsError('to', to, `pass a day on or after from (${from}).`);
  return { rows, seed: seed >>> 0, from: fromDay, to: toDay };
}

/** Shares `rows` among days by weight, exactly (largest remainder), independent of the seed. */
function allocate(rows: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const ideal = weights.map((w) => (rows * w) / total);
  const counts = ideal.map(Math.floor);
  let left = rows - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = ideal.map((x, i) => i).sort((a, b) => ideal[b] - counts[b] - (ideal[a] - counts[a]) || a - b);
  for (let k = 0; left > 0; k++, left--) counts[byRemainder[k]]++;
  return counts;
}

/**
 * Synthetic data shaped like the UCI Online Retail dataset, one trading day at a time
 * (bounded memory: only the current day is held). Days that get no lines are skipped.
 *
 * @example
 * for (const { day, csv } of generateRetailDays({ rows: 5_000, seed: 7 })) write(`${day}.csv`, csv);
 */
export function* generateRetailDays(options: SyntheticRetailOptions = {}): Generator<SyntheticDay> {
  const { rows, seed, from, to } = resolve(options);
  if (rows === 0) return;
  const days = tradingDays(from, to);
  if (days.length === 0) {
    throw new InvalidSyntheticOptionsError('from', options.from, `no trading day between from and to; widen the range.`);
  }
  const counts = allocate(rows, days.map((d) => d.weight));
  const malformed = planMalformed(seed, counts);
  const rand = sfc32(seed);
  const corruptRand = sfc32((seed ^ 0x62616421) >>> 0);
  // Stay within six digits whenever the dataset allows (at most one invoice per line).
  const counter = { next: Math.max(100_000, Math.min(FIRST_INVOICE, 999_999 - rows)) };
  for (let i = 0; i < days.length; i++) {
    if (counts[i] === 0) continue;
    const lines = generateDayLines(rand, days[i].day, counts[i], counter);
    for (const [line, kind] of malformed.get(i) ?? []) lines[line] = corruptLine(corruptRand, lines[line], kind);
    yield { day: days[i].day, csv: `${RETAIL_HEADER}\n${lines.join('\n')}\n`, rows: counts[i] };
  }
}
