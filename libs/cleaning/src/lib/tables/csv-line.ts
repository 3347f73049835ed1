const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, quoted only when it must be (RFC 4180). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Fields joined back into one CSV line (for quarantine text and samples). */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
