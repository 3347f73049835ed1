export type { CsvRecord, CsvError, CsvRow, CsvEncoding, CsvChunk, CsvOptions, CsvVisitor, CsvLineCounts } from './lib/types';
export { CsvOptionsError } from './lib/options';
export { CsvEncodingError, type Utf16Encoding } from './lib/utf16';
export { createCsvParser, type CsvParser } from './lib/push-parser';
export { readCsv, readCsvBatches, type CsvInput } from './lib/read-csv';
export { parseCsv, parseCsvRows } from './lib/parse-csv';
export { spanText, spanFields, ESCAPED, type FieldSpans } from './lib/field-spans';
export { walkInputFiles, isCsvPath, InputPathError } from './lib/walk-input-files';
export type { InputFile, SkippedEntry, SkipReason, WalkOptions, WalkResult, InputProblem } from './lib/walk-input-files';
