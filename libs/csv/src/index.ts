export type { CsvRecord, CsvError, CsvRow, CsvEncoding, CsvChunk, CsvOptions, CsvVisitor } from './lib/types';
export { MAX_ERROR_TEXT } from './lib/types';
export { CsvOptionsError, DEFAULT_MAX_LINE_BYTES, resolveCsvOptions } from './lib/options';
export type { ResolvedCsvOptions } from './lib/options';
export { createCsvParser } from './lib/push-parser';
export type { CsvParser } from './lib/push-parser';
export { readCsv, readCsvBatches } from './lib/read-csv';
export type { CsvInput } from './lib/read-csv';
export { parseCsv, parseCsvRows } from './lib/parse-csv';
