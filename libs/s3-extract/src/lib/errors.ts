/**
 * The failures a caller can act on. Messages say what to do; none carries credentials
 * (the SDK's own error is reduced to its name, code and HTTP status before it is kept).
 */

/** What is kept of an SDK or network error: enough to debug, nothing secret. */
export interface ErrorOrigin {
  readonly name: string;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
}

/** Base class of every error this library throws. */
export class S3ExtractError extends Error {
  readonly origin?: ErrorOrigin;
  constructor(message: string, origin?: ErrorOrigin) {
    super(message);
    this.name = new.target.name;
    this.origin = origin;
  }
}

/** A string that is not a valid `s3://bucket/key` URI. */
export class InvalidS3UriError extends S3ExtractError {
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    super(`Invalid S3 URI "${uri}": ${reason}. Write it as s3://<bucket>/<key or prefix>, e.g. s3://raw/online-retail/.`);
  }
}

export class BucketNotFoundError extends S3ExtractError {
  constructor(
    readonly bucket: string,
    origin?: ErrorOrigin,
  ) {
    super(
      `Bucket "${bucket}" does not exist at this endpoint. Create it (aws s3 mb s3://${bucket}), ` +
        'or check the bucket name, the region and the endpoint (AWS_ENDPOINT_URL_S3) you point at.',
      origin,
    );
  }
}

export class ObjectNotFoundError extends S3ExtractError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    origin?: ErrorOrigin,
  ) {
    super(
      `No object at s3://${bucket}/${key}. Check the key (list the prefix with listObjects), ` +
        'or upload the data first (uploadFiles).',
      origin,
    );
  }
}

export class AccessDeniedError extends S3ExtractError {
  constructor(
    readonly uri: string,
    origin?: ErrorOrigin,
  ) {
    super(
      `Access denied to ${uri}. Check the credentials in use (AWS_PROFILE or the access key pair) ` +
        'and that their policy allows this S3 action on the bucket; against the embedded stack use the S3RVER key pair.',
      origin,
    );
  }
}

export class EndpointUnreachableError extends S3ExtractError {
  constructor(
    readonly endpoint: string,
    origin?: ErrorOrigin,
  ) {
    super(
      `Cannot reach the S3 endpoint ${endpoint}. Start the embedded stack (npx nx run local-stack:serve) ` +
        'or fix AWS_ENDPOINT_URL_S3 / the network; unset the endpoint to use AWS itself.',
      origin,
    );
  }
}

/**
 * A read pinned to an ETag (`openObjectStream`'s `etag`) found another version: the object was
 * replaced between listing and reading (S3's 412 to If-Match, or a different ETag in the answer).
 */
export class ObjectChangedError extends S3ExtractError {
  constructor(
    readonly uri: string,
    readonly expectedEtag: string,
    origin?: ErrorOrigin,
  ) {
    super(
      `${uri} changed after it was listed: it no longer has ETag ${expectedEtag}. ` +
        'Rerun to list it again and take the new version.',
      origin,
    );
  }
}

/** `verifyObject` found an object that does not match what the caller expected. */
export class OutputMismatchError extends S3ExtractError {
  constructor(
    readonly uri: string,
    readonly mismatches: readonly string[],
  ) {
    super(`${uri} does not match what was expected: ${mismatches.join('; ')}. Write the output again (writeTable).`);
  }
}
