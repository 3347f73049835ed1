/** Credentials the embedded servers accept (s3rver accepts only this key pair). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The region the embedded stack reports; any works with DynamoDB Local's shared database. */
export const LOCAL_REGION = 'us-east-1';

/** Plain S3 client settings, assignable to `S3ClientConfig` of `@aws-sdk/client-s3`. */
export interface LocalS3Config {
  endpoint: string;
  region: string;
  forcePathStyle: true;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** s3rver corrupts streamed bodies that carry SDK v3's default flexible checksums. */
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
}

/** Plain DynamoDB client settings, assignable to `DynamoDBClientConfig`. */
export interface LocalDynamoDbConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function s3Config(endpoint: string): LocalS3Config {
  return {
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: { ...LOCAL_CREDENTIALS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function dynamoDbConfig(endpoint: string): LocalDynamoDbConfig {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}

/** The standard variables that point an AWS SDK (or the AWS CLI) at the embedded stack. */
export function endpointEnv(s3Endpoint: string, dynamoDbEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}
