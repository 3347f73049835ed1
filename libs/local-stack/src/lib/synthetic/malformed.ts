import { impossibleTimestamp } from './calendar';
import { quoteField, splitCsvLine } from './csv-row';
import { randomInt, sfc32, type Random } from './prng';

/** The ways a line is broken on purpose, so readers and cleaning get exercised. */
export type MalformedKind = 'field-count' | 'bad-date' | 'bad-quantity' | 'unterminated-quote';

const KINDS: readonly MalformedKind[] = ['field-count', 'bad-date', 'bad-quantity', 'unterminated-quote'];
const BAD_QUANTITIES = ['six', '1O', '12 pcs', '?', '2..'];
/** One malformed line per 5,000, and at least one of each kind when there are 4 lines or more. */
const MALFORMED_RATE = 0.0002;

/** How many lines of a dataset of `rows` lines are malformed. */
export function malformedLineCount(rows: number): number {
  return Math.min(rows, Math.max(KINDS.length, Math.round(rows * MALFORMED_RATE)));
}

/**
 * Which lines to break: for each day index, line index within the day → kind. An open
 * quote is only ever put on a file's last line, where it cannot swallow the next record.
 * Its own stream (derived from the seed), so the plan does not shift the main one.
 */
export function planMalformed(seed: number, dayCounts: readonly number[]): Map<number, Map<number, MalformedKind>> {
  const rand = sfc32((seed ^ 0x6d616c66) >>> 0);
  const starts: number[] = [];
  let rows = 0;
  for (const count of dayCounts) {
    starts.push(rows);
    rows += count;
  }
  const wanted = malformedLineCount(rows);
  const taken = new Set<number>();
  const plan = new Map<number, Map<number, MalformedKind>>();
  const nonEmptyDays = dayCounts.filter((count) => count > 0).length;
  let openQuotes = 0;
  for (let i = 0, attempts = 0; taken.size < wanted && attempts < wanted * 20; attempts++) {
    let kind = KINDS[i % KINDS.length];
    if (kind === 'unterminated-quote' && openQuotes >= nonEmptyDays) kind = 'bad-date';
    const target = randomInt(rand, rows);
    let day = upperBound(starts, target) - 1;
    while (dayCounts[day] === 0) day--;
    const line = kind === 'unterminated-quote' ? starts[day] + dayCounts[day] - 1 : target;
    if (taken.has(line)) continue;
    taken.add(line);
    if (kind === 'unterminated-quote') openQuotes++;
    let lines = plan.get(day);
    if (!lines) plan.set(day, (lines = new Map()));
    lines.set(line - starts[day], kind);
    i++;
  }
  return plan;
}

/** Index of the first element greater than value, in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Breaks a well-formed 8-field line in the given way. */
export function corruptLine(rand: Random, line: string, kind: MalformedKind): string {
  const fields = splitCsvLine(line);
  if (!fields || fields.length !== 8) throw new Error(`expected an 8-field line to corrupt, got: ${line}`);
  switch (kind) {
    case 'field-count':
      // A lost trailing column, or a stray extra one in the middle.
      if (rand() < 0.5) fields.pop();
      else fields.splice(3, 0, fields[3]);
      break;
    case 'bad-date':
      fields[4] = impossibleTimestamp(fields[4]);
      break;
    case 'bad-quantity':
      fields[3] = BAD_QUANTITIES[randomInt(rand, BAD_QUANTITIES.length)];
      break;
    case 'unterminated-quote': {
      const rest = fields.slice(3).map(quoteField).join(',');
      return `${fields[0]},${fields[1]},"${fields[2].replaceAll('"', '')},${rest}`;
    }
  }
  return fields.map(quoteField).join(',');
}
