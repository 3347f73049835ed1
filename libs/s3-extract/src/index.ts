export { parseS3Uri, formatS3Uri, type S3Location } from './lib/s3-uri';
export type { S3ClientOrConfig } from './lib/client';
export { clientTimeouts, type ClientTimeoutOptions, type ClientTimeouts } from './lib/client-timeouts';
export {
  S3ExtractError,
  InvalidS3UriError,
  BucketNotFoundError,
  ObjectNotFoundError,
  AccessDeniedError,
  S3EndpointUnreachableError,
  EndpointUnavailableError,
  OutputMismatchError,
  ObjectChangedError,
  ObjectReadError,
  ObjectTooLargeError,
  InvalidGzipError,
  type ErrorOrigin,
  type ObjectReadProblem,
} from './lib/errors';
export { ensureBucket, type EnsureBucketOptions } from './lib/ensure-bucket';
export { listObjects, type ListObjectsOptions, type ObjectInfo } from './lib/list-objects';
export {
  uploadFiles,
  SHA256_METADATA_KEY,
  type UploadOptions,
  type UploadSummary,
  type UploadedObject,
} from './lib/upload-files';
export { contentTypeFor } from './lib/content-type';
export { openObjectStream, type OpenObjectOptions, type ObjectStream } from './lib/open-object-stream';
export {
  readRecords,
  readObjectRecords,
  readObjectRecordBatches,
  resolveObjects,
  type ReadRecordsOptions,
} from './lib/read-records';
export { readObjectContent, type ReadObjectContentOptions, type ObjectContent } from './lib/read-object-content';
export { cacheFilePath } from './lib/cache-path';
export { writeTable, type WriteTableOptions, type WrittenTable, type WrittenObject } from './lib/write-table';
export { verifyObject, type VerifyExpectations, type ObjectReport } from './lib/verify-object';
export { listOutputs, type ListOutputsOptions, type OutputObject } from './lib/list-outputs';
export {
  InvalidOutputNameError,
  formatTimestamp,
  parseOutputKey,
  outputKey,
  type TableFormat,
  type OutputVersion,
} from './lib/output-keys';
export { inferParquetType, type ParquetColumnType, type ParquetDecimalType, type InferredParquetType } from './lib/parquet-format';
export {
  writeDatasetPart,
  type DatasetPartOptions,
  type WrittenDatasetPart,
} from './lib/write-dataset-part';
export {
  datasetPartKey,
  parseDatasetPartKey,
  escapePartitionValue,
  unescapePartitionValue,
  InvalidDatasetPartError,
  type DatasetPartLocation,
  type PartitionValues,
} from './lib/dataset-keys';
export { removeStaleObjects, type RemoveStaleObjectsOptions } from './lib/remove-objects';
export { decodeTableMetadata, type TableMetadata } from './lib/table-metadata';
