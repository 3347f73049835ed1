import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Reads a JSON object; the error names the object, since the SDK's does not. */
export async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await response.Body?.transformToString('utf-8')) ?? '';
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`could not read s3://${bucket}/${key}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes one object (a report, a chart, a result) in one PUT. */
export async function putBody(s3: S3Client, bucket: string, key: string, body: string | Uint8Array, contentType: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  return `s3://${bucket}/${key}`;
}

export function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<string> {
  return putBody(s3, bucket, key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}
