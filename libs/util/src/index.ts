export { mapConcurrent } from './lib/concurrency';
export { textTable, type TableCell, type ColumnAlign, type TextTableOptions } from './lib/text-table';
