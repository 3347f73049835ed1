import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  AccessDeniedError,
  BucketNotFoundError,
  EndpointUnreachableError,
  ObjectNotFoundError,
  S3ExtractError,
  type ErrorOrigin,
} from './errors';

/** Where the failing call was aimed: the key is absent for bucket-level calls. */
export interface CallTarget {
  readonly bucket: string;
  readonly key?: string;
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  errors?: unknown[];
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken']);

/** Only name, code, status and request id survive: SDK errors can carry the access key id. */
export function errorOrigin(error: unknown): ErrorOrigin {
  const e = (error ?? {}) as SdkErrorLike;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    code: e.Code ?? e.code,
    httpStatus: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId,
  };
}

function networkCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 3) return undefined;
  const e = error as SdkErrorLike;
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError') return 'ETIMEDOUT';
  // The SDK wraps errors from another realm (e.g. a jest sandbox) into a bare Error whose message keeps the code.
  const inMessage = typeof e.message === 'string' ? /\b(E[A-Z_]+)\b/.exec(e.message)?.[1] : undefined;
  if (inMessage && NETWORK_CODES.has(inMessage)) return inMessage;
  for (const inner of e.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(e.cause, depth + 1);
}

/** The endpoint a client talks to, for messages (never with user info). */
export async function describeEndpoint(client: S3Client): Promise<string> {
  try {
    const endpoint = await client.config.endpoint?.();
    if (endpoint) {
      const port = endpoint.port ? `:${endpoint.port}` : '';
      return `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path === '/' ? '' : endpoint.path}`;
    }
    return `AWS S3 in region ${await client.config.region()}`;
  } catch {
    return 'the configured S3 endpoint';
  }
}

/** True when the error is S3's 304 answer to a conditional GET (If-None-Match). */
export function isNotModified(error: unknown): boolean {
  return (error as SdkErrorLike | undefined)?.$metadata?.httpStatusCode === 304;
}

/** True when the error is S3's 412 answer to a conditional GET (If-Match). */
export function isPreconditionFailed(error: unknown): boolean {
  return (error as SdkErrorLike | undefined)?.$metadata?.httpStatusCode === 412;
}

/**
 * Turns an SDK or network error into the typed error a caller can act on; other errors
 * come back unchanged. HeadObject's bare 404 is told apart by asking for the bucket.
 */
export async function mapS3Error(error: unknown, client: S3Client, target: CallTarget): Promise<unknown> {
  if (error instanceof S3ExtractError) return error;
  const origin = errorOrigin(error);
  const code = origin.code ?? origin.name;
  const uri = `s3://${target.bucket}/${target.key ?? ''}`;
  const network = networkCode(error);
  if (network) return new EndpointUnreachableError(await describeEndpoint(client), { ...origin, code: network });
  if (code === 'NoSuchBucket') return new BucketNotFoundError(target.bucket, origin);
  if (code === 'NoSuchKey') return new ObjectNotFoundError(target.bucket, target.key ?? '', origin);
  if (DENIED.has(code) || origin.httpStatus === 403) return new AccessDeniedError(uri, origin);
  if (code === 'NotFound' || (origin.httpStatus === 404 && !origin.code)) {
    if (target.key === undefined || !(await bucketExists(client, target.bucket))) return new BucketNotFoundError(target.bucket, origin);
    return new ObjectNotFoundError(target.bucket, target.key, origin);
  }
  return error;
}

async function bucketExists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    return errorOrigin(error).httpStatus !== 404;
  }
}

/** Runs one S3 call and rethrows its failure as a typed error. */
export async function s3Call<T>(client: S3Client, target: CallTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw await mapS3Error(error, client, target);
  }
}
