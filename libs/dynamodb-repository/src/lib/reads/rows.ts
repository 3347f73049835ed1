import type { OrderItem } from '@ecomlake/model';
import { decodePartial } from '../marshal';
import type { Page, PageOptions } from '../paginate';

/** One index entry as read: the fields its projection returned, money exact. */
export type OrderRow = Partial<OrderItem>;

/** A page of a typed read: decoded rows and what the page cost. */
export interface RowPage extends Omit<Page, 'items'> {
  rows: OrderRow[];
}

/** How a typed read runs: resume, page size, abort (metered in the caller's `withMeter` scope). Its item limit is part of the command. */
export type ReadOptions = Omit<PageOptions, 'limit'>;

/** Pages of records → pages of rows (`decodePartial`, the one decoder of order attributes). */
export async function* decodePages<P extends Page>(pages: AsyncIterable<P>): AsyncGenerator<Omit<P, 'items'> & { rows: OrderRow[] }> {
  for await (const { items, ...rest } of pages) yield { ...rest, rows: items.map(decodePartial) };
}

/** The rows of pages, one by one. */
export async function* rowsOf(pages: AsyncIterable<RowPage>): AsyncGenerator<OrderRow> {
  for await (const page of pages) yield* page.rows;
}

/** A positive integer or undefined, else a RangeError naming the option. */
export function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
