export { parseS3Uri, formatS3Uri, type S3Location } from './lib/s3-uri';
export { s3ClientConfig, type S3ClientOrConfig, type S3ClientSettings } from './lib/client';
export { clientTimeouts, type ClientTimeoutOptions, type ClientTimeouts } from './lib/client-timeouts';
export {
  S3ExtractError,
  InvalidS3UriError,
  BucketNotFoundError,
  ObjectNotFoundError,
  AccessDeniedError,
  S3EndpointUnreachableError,
  EndpointUnavailableError,
  ObjectChangedError,
  ObjectReadError,
  ObjectTooLargeError,
  InvalidGzipError,
  type S3ExtractErrorCode,
  type ErrorOrigin,
  type ObjectReadProblem,
} from './lib/errors';
export { ensureBucket, type EnsureBucketOptions } from './lib/ensure-bucket';
export { listObjects, type ListObjectsOptions, type ObjectInfo } from './lib/list-objects';
export { uploadFiles, type UploadOptions, type UploadSummary, type UploadedObject } from './lib/upload-files';
export { openObjectStream, type OpenObjectOptions, type ObjectStream } from './lib/open-object-stream';
export { readRecords, readObjectRecords, resolveObjects, type ReadRecordsOptions } from './lib/read-records';
export { readObjectContent, type ReadObjectContentOptions, type ObjectContent } from './lib/read-object-content';
export { writeDatasetPart, type DatasetPartOptions, type WrittenDatasetPart } from './lib/write-dataset-part';
export { InvalidDatasetPartError, type PartitionValues } from './lib/dataset-keys';
export type { ParquetColumnType } from './lib/parquet-format';
export type { TableFormat } from './lib/table-format';
export { removeStaleObjects, type RemoveStaleObjectsOptions } from './lib/remove-objects';
