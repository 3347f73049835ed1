import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  AccessDeniedError,
  BucketNotFoundError,
  EndpointUnavailableError,
  S3EndpointUnreachableError,
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
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
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
  // The SDK wraps errors from another realm (e.g. a jest sandbox) into a bare Error whose message keeps the code.
  const inMessage = typeof e.message === 'string' ? /\b(E[A-Z_]+)\b/.exec(e.message)?.[1] : undefined;
  if (inMessage && NETWORK_CODES.has(inMessage)) return inMessage;
  for (const inner of e.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(e.cause, depth + 1);
}

/**
 * Why a reached endpoint did not serve a request, or undefined when it did not time out and
 * answered no 5xx. The SDK's timeouts are TimeoutErrors; one that fired before a connection
 * existed means the endpoint was never reached, which `networkCode` reports instead.
 */
export function unavailableReason(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 3) return undefined;
  const e = error as SdkErrorLike;
  const message = typeof e.message === 'string' ? e.message : '';
  const attempts = e.$metadata?.attempts && e.$metadata.attempts > 1 ? `, ${e.$metadata.attempts} attempts` : '';
  if (e.name === 'TimeoutError' && !isConnectTimeout(e)) {
    const ms = /(\d+) ?ms/.exec(message)?.[1] ?? '?';
    return /inactivity/.test(message) ? `it went silent for ${ms} ms (idle timeout${attempts})` : `no answer within ${ms} ms (request timeout${attempts})`;
  }
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status >= 500) return `it answered HTTP ${status} ${e.Code ?? e.code ?? e.name ?? ''}`.trimEnd() + (attempts && ` (${attempts.slice(2)})`);
  return unavailableReason(e.cause, depth + 1);
}

/** The SDK's connectionTimeout: no connection was made, so the endpoint was never reached. */
function isConnectTimeout(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorLike;
  return e.name === 'TimeoutError' && /establish a connection/.test(String(e.message ?? ''));
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
  // Before the socket codes: the SDK's request timeout also carries ETIMEDOUT.
  const unavailable = unavailableReason(error);
  if (unavailable) return new EndpointUnavailableError(await describeEndpoint(client), unavailable, origin);
  const network = networkCode(error) ?? (isConnectTimeout(error) ? 'ETIMEDOUT' : undefined);
  if (network) return new S3EndpointUnreachableError(await describeEndpoint(client), { ...origin, code: network });
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
