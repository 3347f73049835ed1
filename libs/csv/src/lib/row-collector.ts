import type { CsvRecord, CsvRow, CsvVisitor } from './types';

/** A visitor that turns parser callbacks into row objects sharing one frozen header. */
export function collectRows(source: string): { visitor: CsvVisitor; take(): CsvRow[] } {
  let header: readonly string[] = [];
  let rows: CsvRow[] = [];
  return {
    visitor: {
      onHeader: (fields) => {
        header = Object.freeze(fields);
      },
      onRecord: (fields, line, lines) => {
        const record: CsvRecord = { kind: 'record', source, line, lines, header, fields };
        rows.push(record);
      },
      onError: (line, reason, text, lines) => {
        rows.push({ kind: 'error', source, line, lines, reason, text });
      },
    },
    take() {
      const out = rows;
      rows = [];
      return out;
    },
  };
}
