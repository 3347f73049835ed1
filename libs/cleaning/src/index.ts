export { cleanRows } from './lib/clean-rows';
export { cleanStream, type CleanStreamOptions, type CleanStreamEvent, type CleanWindow, type CleanedStream } from './lib/clean-stream';
export { cleanBuffer, cleanFile } from './lib/clean-buffer';
export type { CleanFileOptions } from './lib/clean-buffer';
export { cleanFiles } from './lib/files/clean-files';
export type { CleanFilesOptions } from './lib/files/clean-files';
export { mergePartitions } from './lib/merge/merge-partitions';
export { reduceQuality, partitionCounts, type PartitionQuality } from './lib/merge/reduce-quality';
export { checkNoOverlap } from './lib/merge/overlap';
export type { TableCounts } from './lib/quality/reconcile';
export { orderItems } from './lib/order-items';
export { renderQualityTable } from './lib/quality/render-table';
export type { RenderOptions } from './lib/quality/render-table';
export { listCsvFiles, InputNotFoundError, NoCsvFilesError, type ListOptions } from './lib/files/list-inputs';
export { writeCleanOutputs } from './lib/files/write-outputs';
export type { WrittenFiles } from './lib/files/write-outputs';
export { cleaningFingerprint } from './lib/fingerprint';
export type { CleanOptions } from './lib/options';
export type { DateFormat } from './lib/parse/dates';
export { parseMilli } from './lib/parse/money';
export { escapeControl } from './lib/escape';
export { parseInvoiceDate } from './lib/parse/dates';
export type { CleanPartition, CleanResult } from './lib/types';
export {
  MissingColumnError,
  UnreadableHeaderError,
  EmptyFileError,
  CleaningOptionsError,
  ReconciliationError,
  PartitionOverlapError,
  AmbiguousColumnError,
  TotalTooLargeError,
  CompressedFileError,
  type CleaningErrorCode,
} from './lib/errors';
export type { RawRowWithLines } from './lib/clean-rows';
export { mapHeader, type HeaderMap } from './lib/parse/header-map';
