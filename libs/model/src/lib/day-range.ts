/**
 * Whole days `YYYY-MM-DD`, inclusive; an open end means "from the first" / "to the last". The
 * one type for a range of days: the table's reads (by the `InvoiceDate` sort key) and the
 * queries take it.
 */
export interface DayRange {
  from?: string;
  to?: string;
}
