/**
 * The one whitespace rule for the values the cleaner reads as numbers, ids and dates
 * (Quantity, UnitPrice, CustomerID, InvoiceDate): spaces and tabs around a value are
 * ignored, as spreadsheets and hand edits add them; any other character there (a
 * no-break space, a line break) makes the value unreadable rather than silently kept.
 */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** The text without the spaces and tabs around it (other whitespace is kept). */
export function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
