import type { QualitySummary } from '@ecomlake/model';
import { reconcile, type TableCounts } from '../quality/reconcile';
import { packTables, type TableBuilder } from '../tables/builder';
import { EXCLUDED_SCHEMA, ITEM_REF_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA, type Schema } from '../tables/schema';
import type { Dictionary } from './dictionary';
import { countTables, partitionQuality, type CleanerState } from './finish-partition';
import type { PartitionData } from './partition-data';

/**
 * Cutting a partition into windows, so memory follows the window, not the object: once
 * `rows` rows are in, the window is cut at the next change of invoice. Duplicates and
 * keying only ever compare rows of one invoice, so an invoice whose rows are together is
 * cleaned exactly as in one piece. Rows of `hold` invoices (ones that come back after a
 * cut, found by an earlier pass) are kept apart until the end, when they make the last window.
 */
export interface WindowOptions {
  /** Rows after which a window is cut (at the next change of invoice). */
  readonly rows: number;
  /** Invoice numbers kept apart until the end. Default: none. */
  readonly hold?: ReadonlySet<string>;
  /** Receives each window, packed; its string codes index the context's dictionary. Not called once the pass is spoiled. */
  readonly onWindow: (window: WindowData) => void;
}

/** One window's tables, packed like a partition's (items refer to the window's own lines). */
export type WindowData = Pick<PartitionData, 'strings' | 'lines' | 'items' | 'excluded' | 'quarantine'>;

/** What a windowed pass found, once its rows are done. */
export interface WindowsSummary {
  /** The partition's report, reconciled against the windows' tables (unless `comeBack` is not empty). */
  report: QualitySummary;
  /** The windows' tables, counted and summed. */
  counts: TableCounts;
  /** Distinct invoice numbers of the items, in order of first sight. */
  invoices: string[];
  /** Windows cut. */
  windows: number;
  /**
   * Invoices whose rows came back after their window was cut: this pass is spoiled (its
   * windows would split their items), and a pass holding these apart cleans it exactly.
   */
  comeBack: string[];
}

/** An invoice's state: rows in the window being filled, cut, or held until the end. */
export const OPEN = 1;
export const CUT = 2;
export const HELD = 3;

export interface Windowing {
  readonly rows: number;
  /** Notes that rows of `invoice` follow (in the current window); returns its state. */
  enter(invoice: number): number;
  /** Packs the builders' rows as a window, counts them and hands them on. */
  cut(
    lines: TableBuilder<typeof LINE_SCHEMA>,
    items: TableBuilder<typeof ITEM_REF_SCHEMA>,
    excluded: TableBuilder<typeof EXCLUDED_SCHEMA>,
    quarantine: TableBuilder<typeof QUARANTINE_SCHEMA>,
  ): void;
  finish(state: CleanerState): WindowsSummary;
}

export function createWindowing(dict: Dictionary, options: WindowOptions | undefined): Windowing | undefined {
  if (options === undefined) return undefined;
  if (!(Number.isSafeInteger(options.rows) && options.rows > 0)) throw new RangeError(`window rows must be a whole number > 0, got ${options.rows}`);
  let states = new Uint8Array(1024); // by dictionary code; 0: not seen
  const stateOf = (code: number): number => (code < states.length ? states[code] : 0);
  const setState = (code: number, state: number): void => {
    if (code >= states.length) {
      const grown = new Uint8Array(Math.max(states.length * 2, code + 1));
      grown.set(states);
      states = grown;
    }
    states[code] = state;
  };
  for (const invoice of options.hold ?? []) setState(dict.code(invoice), HELD);
  let inWindow: number[] = [];
  const comeBack = new Set<number>();
  const invoices = new Set<number>();
  const counts = { lines: 0, items: 0, excluded: 0, quarantined: 0, itemLines: 0, itemRevenueMilli: 0n };
  let windows = 0;

  return {
    rows: options.rows,
    enter(invoice) {
      const state = stateOf(invoice);
      if (state === HELD || state === OPEN) return state;
      if (state === CUT) comeBack.add(invoice);
      inWindow.push(invoice);
      setState(invoice, OPEN);
      return OPEN;
    },
    cut(linesBuilder, itemsBuilder, excludedBuilder, quarantineBuilder) {
      for (const invoice of inWindow) if (stateOf(invoice) === OPEN) setState(invoice, CUT);
      inWindow = [];
      if (linesBuilder.length + excludedBuilder.length + quarantineBuilder.length === 0) return;
      // A spoiled pass only looks for more invoices that come back: its windows are dropped.
      if (comeBack.size > 0) return;
      const [lines, items, excluded, quarantine] = packTables<Schema>([
        [LINE_SCHEMA, linesBuilder],
        [ITEM_REF_SCHEMA, itemsBuilder],
        [EXCLUDED_SCHEMA, excludedBuilder],
        [QUARANTINE_SCHEMA, quarantineBuilder],
      ]) as [PartitionData['lines'], PartitionData['items'], PartitionData['excluded'], PartitionData['quarantine']];
      const c = countTables(lines, items, excluded, quarantine);
      counts.lines += c.lines;
      counts.items += c.items;
      counts.excluded += c.excluded;
      counts.quarantined += c.quarantined;
      counts.itemLines += c.itemLines;
      counts.itemRevenueMilli += c.itemRevenueMilli;
      for (const line of items.firstLine) invoices.add(lines.invoiceNo[line]);
      windows++;
      options.onWindow({ strings: dict.strings, lines, items, excluded, quarantine });
    },
    finish(state) {
      const tables: TableCounts = { ...counts, itemRevenueMilli: Number(counts.itemRevenueMilli) };
      const report = partitionQuality(state, counts.items);
      const names = (codes: Iterable<number>) => [...codes].map((code) => dict.strings[code]);
      if (comeBack.size > 0) return { report, counts: tables, invoices: [], windows, comeBack: names(comeBack) };
      return { report: reconcile(report, tables, state.partition), counts: tables, invoices: names(invoices), windows, comeBack: [] };
    },
  };
}
