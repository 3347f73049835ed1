import { gunzipSync, gzipSync } from 'node:zlib';
import { milli, type DayCountryAggregate } from '@ecomlake/model';
import { ATTRIBUTE } from '../attributes';
import type { DynamoRecord } from '../marshal';
import { PARTITION_ATTRIBUTE } from '../partition-records';

/**
 * Aggregate records: one per (partition, day) — more only when a day is too big for one —
 * holding every country of that day, packed:
 *
 * - PK `InvoiceNo` = `#agg#YYYY-MM` (the month: a refresh Queries one key per month),
 *   SK `StockCode` = `YYYY-MM-DD#<partition tag>#<chunk>`;
 * - `Partition` = the tag (replace and prune delete them like the partition's items);
 * - `Aggregates` (binary) = gzip of `{ v, day, countries: [{ country, revenue, items,
 *   cancellations, cancelled, known, invoice[], customer[], date[], value[], lines[] }] }`:
 *   totals per country and its orders as columns, money in Milli.
 *
 * No `Country`, `InvoiceDate` or `CustomerID` attribute, so they are in no index. A day's
 * countries share a record because a record costs ~100 bytes of keys and names and at least
 * 1 WCU however small: most countries have a handful of orders a day.
 */
export const AGGREGATE_VERSION = 1;

/** PK prefix of aggregate records (the month follows). */
export const AGGREGATE_PREFIX = '#agg#';
const PAYLOAD = 'Aggregates';
/**
 * JSON bytes per record before gzip. gzip never grows input by more than ~0.1%, and keys,
 * names and the tag add < 3 KB, so a record stays under ~310 KB: below DynamoDB's 400 KB
 * item limit by construction, whatever a day holds (a bigger day takes more records).
 */
export const CHUNK_BYTES = 300_000;

interface CountryColumns {
  country: string;
  revenue: number;
  items: number;
  cancellations: number;
  cancelled: number;
  known: boolean;
  invoice: string[];
  customer: (string | null)[];
  date: string[];
  value: number[];
  lines: number[];
}

interface Payload {
  v: number;
  day: string;
  countries: CountryColumns[];
}

/** Bytes of a value in JSON, plus its comma. */
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value)) + 1;
/** A country entry's names, brackets and totals, generously (totals are ≤ 16 digits each). */
const ENTRY_BYTES = 250;

/**
 * The records of one partition's aggregates: per day, countries in order, split between
 * records (orders of a country may continue in the next; its totals stay in the first) so
 * that no record's JSON exceeds CHUNK_BYTES.
 */
export function encodeAggregates(tag: string, aggregates: readonly DayCountryAggregate[]): DynamoRecord[] {
  const byDay = new Map<string, DayCountryAggregate[]>();
  for (const aggregate of aggregates) {
    const list = byDay.get(aggregate.day) ?? [];
    byDay.set(aggregate.day, list);
    list.push(aggregate);
  }
  const records: DynamoRecord[] = [];
  for (const [day, list] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    checkDay(day);
    let chunk: CountryColumns[] = [];
    let bytes = 100;
    let index = 0;
    const flush = () => {
      if (chunk.length > 0) records.push(aggregateRecord(tag, day, index++, { v: AGGREGATE_VERSION, day, countries: chunk }));
      chunk = [];
      bytes = 100;
    };
    for (const aggregate of list) {
      const entry = (first: boolean): CountryColumns => ({
        country: aggregate.country,
        revenue: first ? aggregate.revenueMilli : 0,
        items: first ? aggregate.items : 0,
        cancellations: first ? aggregate.cancellations : 0,
        cancelled: first ? aggregate.cancelledMilli : 0,
        known: aggregate.cancellationsKnown,
        invoice: [], customer: [], date: [], value: [], lines: [],
      });
      const entryBytes = ENTRY_BYTES + jsonBytes(aggregate.country);
      if (bytes + entryBytes > CHUNK_BYTES) flush();
      let current = entry(true);
      chunk.push(current);
      bytes += entryBytes;
      for (const order of aggregate.orders) {
        const orderBytes = jsonBytes(order.invoiceNo) + jsonBytes(order.customerId ?? null) + jsonBytes(order.invoiceDate) + jsonBytes(order.valueMilli) + jsonBytes(order.lines);
        if (bytes + orderBytes > CHUNK_BYTES) {
          flush();
          current = entry(false);
          chunk.push(current);
          bytes += entryBytes;
        }
        current.invoice.push(order.invoiceNo);
        current.customer.push(order.customerId ?? null);
        current.date.push(order.invoiceDate);
        current.value.push(order.valueMilli);
        current.lines.push(order.lines);
        bytes += orderBytes;
      }
    }
    flush();
  }
  return records;
}

function aggregateRecord(tag: string, day: string, chunk: number, payload: Payload): DynamoRecord {
  return {
    [ATTRIBUTE.invoiceNo]: { S: monthKey(day) },
    [ATTRIBUTE.stockCode]: { S: `${day}#${tag}#${chunk}` },
    [PARTITION_ATTRIBUTE]: { S: tag },
    [PAYLOAD]: { B: gzipSync(JSON.stringify(payload)) },
  };
}

/** The partition key of a month's aggregate records. */
export function monthKey(dayOrMonth: string): string {
  return AGGREGATE_PREFIX + dayOrMonth.slice(0, 7);
}

/** True for an aggregate record's InvoiceNo. */
export function isAggregateInvoiceNo(invoiceNo: string): boolean {
  return invoiceNo.startsWith(AGGREGATE_PREFIX);
}

/** The aggregates one record holds (parts: a country continued from another chunk has zero totals). */
export function decodeAggregateRecord(record: DynamoRecord): DayCountryAggregate[] {
  const bytes = record[PAYLOAD]?.B;
  if (!bytes) throw new TypeError(`Aggregate record ${record[ATTRIBUTE.stockCode]?.S} has no ${PAYLOAD} attribute`);
  const payload = JSON.parse(gunzipSync(bytes).toString('utf8')) as Payload;
  if (payload.v !== AGGREGATE_VERSION) throw new TypeError(`Aggregate record ${record[ATTRIBUTE.stockCode]?.S} has format ${payload.v}; this library reads ${AGGREGATE_VERSION}`);
  return payload.countries.map((entry) => ({
    day: payload.day,
    country: entry.country,
    revenueMilli: milli(entry.revenue),
    items: entry.items,
    orders: entry.invoice.map((invoiceNo, i) => ({
      invoiceNo,
      ...(entry.customer[i] !== null ? { customerId: entry.customer[i] as string } : {}),
      invoiceDate: entry.date[i],
      valueMilli: milli(entry.value[i]),
      lines: entry.lines[i],
    })),
    cancellations: entry.cancellations,
    cancelledMilli: milli(entry.cancelled),
    cancellationsKnown: entry.known,
  }));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Throws a RangeError naming the value unless it is a day `YYYY-MM-DD`. */
export function checkDay(day: string, what = 'day'): string {
  if (!DAY.test(day)) throw new RangeError(`${what} must be a day YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return day;
}
