// Test helpers for the libs and apps above this one (`@ecomlake/s3-extract/testing`, in the
// monorepo only): a fault-injecting S3 proxy for their own fault tests.
export {
  startS3FaultProxy,
  type S3Fault,
  type S3FaultProxy,
  type S3FaultProxyOptions,
  type S3FaultProxyStats,
} from './test-fixtures/s3-fault-proxy';
