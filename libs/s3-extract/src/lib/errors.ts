import { EcomlakeError } from '@ecomlake/util';

/**
 * The failures a caller can act on, each an `EcomlakeError` with its code (ARCHITECTURE.md,
 * "Errors"). Messages say what to do; none carries credentials (the SDK's own error is
 * reduced to its name, code and HTTP status before it is kept).
 */

/** What is kept of an SDK or network error: enough to debug, nothing secret. */
export interface ErrorOrigin {
  readonly name: string;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
}

/** Every code this library's errors carry. */
export type S3ExtractErrorCode =
  | 's3-extract.invalidS3Uri'
  | 's3-extract.bucketNotFound'
  | 's3-extract.objectNotFound'
  | 's3-extract.accessDenied'
  | 's3-extract.endpointUnreachable'
  | 's3-extract.endpointUnavailable'
  | 's3-extract.objectRead'
  | 's3-extract.objectTooLarge'
  | 's3-extract.invalidGzip'
  | 's3-extract.objectChanged'
  | 's3-extract.invalidDatasetPart';

/** What every error of this library shares: the SDK error it came from, when one did. */
export abstract class S3ExtractError<Code extends S3ExtractErrorCode = S3ExtractErrorCode> extends EcomlakeError<Code> {
  readonly origin?: ErrorOrigin;
  constructor(code: Code, message: string, origin?: ErrorOrigin) {
    super(code, message);
    this.origin = origin;
  }
}

/** A string that is not a valid `s3://bucket/key` URI. */
export class InvalidS3UriError extends S3ExtractError<'s3-extract.invalidS3Uri'> {
  override readonly name = 'InvalidS3UriError';
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    super('s3-extract.invalidS3Uri', `Invalid S3 URI "${uri}": ${reason}. Write it as s3://<bucket>/<key or prefix>, e.g. s3://raw/online-retail/.`);
  }
}

export class BucketNotFoundError extends S3ExtractError<'s3-extract.bucketNotFound'> {
  override readonly name = 'BucketNotFoundError';
  constructor(
    readonly bucket: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.bucketNotFound',
      `Bucket "${bucket}" does not exist at this endpoint. Create it (aws s3 mb s3://${bucket}), ` +
        'or check the bucket name, the region and the endpoint (AWS_ENDPOINT_URL_S3) you point at.',
      origin,
    );
  }
}

export class ObjectNotFoundError extends S3ExtractError<'s3-extract.objectNotFound'> {
  override readonly name = 'ObjectNotFoundError';
  constructor(
    readonly bucket: string,
    readonly key: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.objectNotFound',
      `No object at s3://${bucket}/${key}. Check the key (list the prefix with listObjects), ` +
        'or upload the data first (uploadFiles).',
      origin,
    );
  }
}

export class AccessDeniedError extends S3ExtractError<'s3-extract.accessDenied'> {
  override readonly name = 'AccessDeniedError';
  constructor(
    readonly uri: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.accessDenied',
      `Access denied to ${uri}. Check the credentials in use (AWS_PROFILE or the access key pair) ` +
        'and that their policy allows this S3 action on the bucket; against the embedded stack use the S3RVER key pair.',
      origin,
    );
  }
}

export class S3EndpointUnreachableError extends S3ExtractError<'s3-extract.endpointUnreachable'> {
  override readonly name = 'S3EndpointUnreachableError';
  constructor(
    readonly endpoint: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.endpointUnreachable',
      `Cannot reach the S3 endpoint ${endpoint}. Start the embedded stack (npx nx run local-stack:serve) ` +
        'or fix AWS_ENDPOINT_URL_S3 / the network; unset the endpoint to use AWS itself.',
      origin,
    );
  }
}

/**
 * The endpoint was reached but did not serve the request, even after the SDK's retries: it went
 * silent past the client's timeouts, or kept answering 5xx / SlowDown. Not a wrong address.
 */
export class EndpointUnavailableError extends S3ExtractError<'s3-extract.endpointUnavailable'> {
  override readonly name = 'EndpointUnavailableError';
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.endpointUnavailable',
      `The S3 endpoint ${endpoint} is not serving requests: ${reason}. It was reached, so the address is right: ` +
        'retry later, check the server or the network in between, or give a slow link longer timeouts (clientTimeouts).',
      origin,
    );
  }
}

/** What was read of an object that could not be read whole. */
export interface ObjectReadProblem {
  /** Bytes (as stored) received before giving up. */
  readonly bytesRead: number;
  /** The object's size, when known (listed, or from the answer). */
  readonly expectedBytes?: number;
  /** Requests made for the body: the first GET and its resumes. */
  readonly attempts: number;
  /** What went wrong last, for people: "the connection was cut", "SHA-256 differs from its metadata", ... */
  readonly reason: string;
}

/**
 * An object's bytes could not be read whole and verified, even after resuming: the connection kept
 * being cut or went silent, the answer was shorter than the object, or the bytes do not match the
 * object's checksum. Nothing read is to be trusted as the whole object.
 */
export class ObjectReadError extends S3ExtractError<'s3-extract.objectRead'> implements ObjectReadProblem {
  override readonly name = 'ObjectReadError';
  readonly bytesRead: number;
  readonly expectedBytes?: number;
  readonly attempts: number;
  readonly reason: string;
  constructor(
    readonly uri: string,
    readonly endpoint: string,
    problem: ObjectReadProblem,
    origin?: ErrorOrigin,
  ) {
    const of = problem.expectedBytes === undefined ? '' : ` of ${problem.expectedBytes}`;
    super(
      's3-extract.objectRead',
      `${uri} could not be read whole from ${endpoint}: ${problem.reason} (${problem.bytesRead}${of} bytes received, ` +
        `${problem.attempts} request${problem.attempts === 1 ? '' : 's'}). Rerun; if it keeps failing, check the network or proxy in between.`,
      origin,
    );
    ({ bytesRead: this.bytesRead, expectedBytes: this.expectedBytes, attempts: this.attempts, reason: this.reason } = problem);
  }
}

/** A compressed object decompresses to more than the cap (`maxDecompressedBytes`): a gzip bomb, or not the data you think. */
export class ObjectTooLargeError extends S3ExtractError<'s3-extract.objectTooLarge'> {
  override readonly name = 'ObjectTooLargeError';
  constructor(
    readonly uri: string,
    readonly limitBytes: number,
  ) {
    super(
      's3-extract.objectTooLarge',
      `${uri} decompresses to more than ${limitBytes} bytes (maxDecompressedBytes), so reading stopped there. ` +
        'Check that it is the data you meant (a gzip bomb decompresses to far more than it stores); raise maxDecompressedBytes if it is.',
    );
  }
}

/** A compressed object whose bytes arrived (as far as length and checksums tell) but are not valid gzip. */
export class InvalidGzipError extends S3ExtractError<'s3-extract.invalidGzip'> {
  override readonly name = 'InvalidGzipError';
  constructor(
    readonly uri: string,
    readonly detail: string,
  ) {
    super('s3-extract.invalidGzip', `${uri} is not valid gzip (${detail}). Upload it again, or read it with decompress: false to see its bytes.`);
  }
}

/**
 * A read pinned to an ETag (`openObjectStream`'s `etag`) found another version: the object was
 * replaced between listing and reading (S3's 412 to If-Match, or a different ETag in the answer).
 */
export class ObjectChangedError extends S3ExtractError<'s3-extract.objectChanged'> {
  override readonly name = 'ObjectChangedError';
  constructor(
    readonly uri: string,
    readonly expectedEtag: string,
    origin?: ErrorOrigin,
  ) {
    super(
      's3-extract.objectChanged',
      `${uri} changed after it was listed: it no longer has ETag ${expectedEtag}. ` +
        'Rerun to list it again and take the new version.',
      origin,
    );
  }
}
