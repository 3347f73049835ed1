import { trimBlanks } from './blank';

/** Explicit source date formats; never guessed from the locale. */
export type DateFormat = 'iso' | 'mdy' | 'mdyy';

export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'mdy', 'mdyy'];

/** A parsed invoice date, as sortable ISO-8601 strings. */
export interface InvoiceDate {
  /** `YYYY-MM-DDTHH:mm:ss` */
  iso: string;
  /** `YYYY-MM-DD` */
  day: string;
  /** `YYYY-MM` */
  month: string;
}

const PATTERNS: Record<DateFormat, RegExp> = {
  // 2010-12-01 08:26:00 (a `T` separator and missing seconds are accepted)
  iso: /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/,
  // 12/1/2010 8:26
  mdy: /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/,
  // 12/1/10 8:26 (years 2000-2099)
  mdyy: /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/,
};

/**
 * Parses one date in the given format and checks it is a real calendar time
 * (`2/30/2011` is not). The data has no time zone, so none is invented. Spaces and tabs
 * around it are ignored (see `blank.ts`).
 */
export function parseInvoiceDate(raw: string, format: DateFormat): InvoiceDate | undefined {
  const m = PATTERNS[format].exec(trimBlanks(raw));
  if (!m) return undefined;
  const [year, month, day] =
    format === 'iso' ? [+m[1], +m[2], +m[3]] : [format === 'mdy' ? +m[3] : 2000 + +m[3], +m[1], +m[2]];
  const [hour, minute, second] = [+m[4], +m[5], m[6] === undefined ? 0 : +m[6]];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ym = `${year}-${pad(month)}`;
  const ymd = `${ym}-${pad(day)}`;
  return { iso: `${ymd}T${pad(hour)}:${pad(minute)}:${pad(second)}`, day: ymd, month: ym };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
