import type { Milli } from './money';

/** A validated sales line, in canonical column names. Dates are ISO-8601 strings that sort. */
export interface OrderLine {
  invoiceNo: string;
  stockCode: string;
  description: string;
  /** Whole units; positive on clean lines. */
  quantity: number;
  /** `YYYY-MM-DDTHH:mm:ss`, local time as in the source (the data has no zone). */
  invoiceDate: string;
  /** Exact, in thousandths (see {@link Milli}). */
  unitPriceMilli: Milli;
  /** `17850`, never `17850.0`; absent for guest orders. */
  customerId?: string;
  country: string;
  /** quantity × unitPrice, exact. */
  totalAmountMilli: Milli;
  /** `YYYY-MM-DD` */
  invoiceDay: string;
  /** `YYYY-MM` */
  month: string;
}

/**
 * One DynamoDB item: every clean line of one (invoiceNo, stockCode) combined.
 * Quantities and amounts are summed; the earliest date is kept; `unitPriceMilli` is
 * the first combined line's. Cleaning only yields items DynamoDB can store: at most
 * 400 KB with its attribute names, key values within DynamoDB's key limits (InvoiceNo,
 * Country, CustomerID ≤ 2048 bytes, StockCode ≤ 1024), a non-empty `country`, and no
 * control characters in `invoiceNo`, `stockCode`, `customerId`, `country` or the date.
 */
export interface OrderItem extends OrderLine {
  /** How many clean lines were combined into this item (1 for most). */
  lineCount: number;
}
