import { nonProductMatcher, type ResolvedCleanOptions } from '../options';
import { hasControl } from '../parse/control';
import { parseInvoiceDate } from '../parse/dates';
import { normalizeCustomerId, normalizeDescription } from '../parse/text';
import { resetBuilder, tableBuilder, type TableBuilder } from '../tables/builder';
import type { Schema } from '../tables/schema';
import { createDictionary, NONE, type Dictionary } from './dictionary';
import { createInterner, sameText } from './interner';

// Bound once: imported bindings compiled to CommonJS are property reads (often getters).
const same = sameText;
const ABSENT = NONE;

/** Codes of a parsed date: [iso, day, month]. */
export type DateCodes = readonly [number, number, number];

/**
 * What the partitions cleaned by one thread share: the string dictionary and the
 * parse caches. Descriptions, customers and dates repeat across days, so each distinct
 * raw value is parsed once per thread, and looked up without creating a string.
 */
export interface CleaningContext {
  readonly options: ResolvedCleanOptions;
  readonly dict: Dictionary;
  /**
   * Raw description span → code of its normalized text. A stock code nearly always
   * carries the same description, so that one is checked first, without hashing.
   */
  description(stockCode: number, text: string, start: number, end: number): number;
  /** Raw customer id span → code of the normalized id, or NONE for a guest. */
  customer(text: string, start: number, end: number): number;
  /** Raw date span → codes of [iso, day, month], or undefined when it does not parse. */
  date(text: string, start: number, end: number): DateCodes | undefined;
  /** Whether the stock code (by its code) is a non-product line. */
  nonProduct(stockCode: number): boolean;
  /** UTF-8 bytes of a dictionary string (by its code), as DynamoDB counts them. */
  bytes(code: number): number;
  /** Whether a dictionary string (by its code) holds a control character (see `parse/control.ts`). */
  control(code: number): boolean;
  /** An empty column builder for the schema, reused by the thread's partitions one after another. */
  builder<S extends Schema>(schema: S, capacity: number): TableBuilder<S>;
  /** The thread's one `create()` under `key`, made on first use: state its partitions reuse one after another. */
  shared<T>(key: string, create: () => T): T;
}

export function createCleaningContext(options: ResolvedCleanOptions): CleaningContext {
  const dict = createDictionary();
  const cache = <T>(parse: (raw: string) => T) => {
    const raws = createInterner();
    const values: T[] = [];
    return (text: string, start: number, end: number): T => {
      const id = raws.intern(text, start, end);
      if (id === values.length) values.push(parse(raws.keys[id]));
      return values[id];
    };
  };
  const rawDescriptions = createInterner();
  const descriptionCodes: number[] = [];
  const lastRaw: string[] = []; // by stock code; dense arrays, as sparse ones turn into slow dictionaries
  const lastCode: number[] = [];
  const description = (stockCode: number, text: string, start: number, end: number): number => {
    while (lastRaw.length <= stockCode) {
      lastRaw.push('\u0000');
      lastCode.push(ABSENT);
    }
    if (same(lastRaw[stockCode], text, start, end)) return lastCode[stockCode];
    const id = rawDescriptions.intern(text, start, end);
    if (id === descriptionCodes.length) descriptionCodes.push(dict.code(normalizeDescription(rawDescriptions.keys[id])));
    lastRaw[stockCode] = rawDescriptions.keys[id];
    return (lastCode[stockCode] = descriptionCodes[id]);
  };
  const customer = cache((raw) => {
    const id = normalizeCustomerId(raw);
    return id === undefined ? NONE : dict.code(id);
  });
  const date = cache((raw): DateCodes | undefined => {
    const d = parseInvoiceDate(raw, options.dateFormat);
    return d && [dict.code(d.iso), dict.code(d.day), dict.code(d.month)];
  });
  const matchNonProduct = nonProductMatcher(options.nonProductCodes);
  const nonProductByCode: number[] = []; // 0 unknown, 1 no, 2 yes
  // By dictionary code, so each distinct value is measured once per thread; -1 unknown.
  const bytesByCode: number[] = [];
  const controlByCode: number[] = []; // 0 unknown, 1 no, 2 yes
  const builders = new Map<Schema, TableBuilder<Schema>>();
  const sharedState = new Map<string, unknown>();
  return {
    options,
    dict,
    description,
    customer,
    date,
    builder<S extends Schema>(schema: S, capacity: number): TableBuilder<S> {
      let builder = builders.get(schema) as TableBuilder<S> | undefined;
      if (!builder) builders.set(schema, (builder = tableBuilder(schema, capacity)));
      return resetBuilder(builder);
    },
    shared<T>(key: string, create: () => T): T {
      if (!sharedState.has(key)) sharedState.set(key, create());
      return sharedState.get(key) as T;
    },
    bytes(code) {
      while (bytesByCode.length <= code) bytesByCode.push(-1);
      if (bytesByCode[code] === -1) bytesByCode[code] = Buffer.byteLength(dict.strings[code], 'utf8');
      return bytesByCode[code];
    },
    control(code) {
      while (controlByCode.length <= code) controlByCode.push(0);
      if (controlByCode[code] === 0) controlByCode[code] = hasControl(dict.strings[code]) ? 2 : 1;
      return controlByCode[code] === 2;
    },
    nonProduct(stockCode) {
      while (nonProductByCode.length <= stockCode) nonProductByCode.push(0);
      if (nonProductByCode[stockCode] === 0) nonProductByCode[stockCode] = matchNonProduct(dict.strings[stockCode]) ? 2 : 1;
      return nonProductByCode[stockCode] === 2;
    },
  };
}
