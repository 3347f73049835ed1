export { mapConcurrent } from './lib/concurrency';
export { EcomlakeError, isEcomlakeError } from './lib/errors';
export { FolderLockedError, lockFolder, type FolderLock, type FolderLockOptions, type LockHolder } from './lib/folder-lock';
export { nodeRuntime, SUPPORTED_NODE_LINES, unsupportedNodeNote, type NodeRuntime } from './lib/node-line';
export { processGone, type ProcessClaim } from './lib/process-start';
export { textTable, type TableCell, type ColumnAlign, type TextTableOptions } from './lib/text-table';
