import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { clientTimeouts, s3ClientConfig } from '@ecomlake/s3-extract';

/** What the stack tells every handler through its environment. The lake is the table's: `lakePrefix(table)`, `clean/<table>/`. */
export interface HandlerSettings {
  readonly bucket: string;
  readonly table: string;
  /** `raw/`: partition ids are keys relative to it. */
  readonly rawPrefix: string;
  /** `runs/`: each execution's results, reports and charts. */
  readonly runsPrefix: string;
}

const VARIABLES = { bucket: 'BUCKET', table: 'TABLE_NAME', rawPrefix: 'RAW_PREFIX', runsPrefix: 'RUNS_PREFIX' } as const;

/** The stack's variables; a missing one is a deployment mistake, named. */
export function handlerSettings(env: NodeJS.ProcessEnv = process.env): HandlerSettings {
  const missing = Object.values(VARIABLES).filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Lambda environment: ${missing.join(', ')} not set; the PipelineStack sets them (redeploy, or set them when invoking the handler yourself).`);
  const value = (key: keyof typeof VARIABLES): string => String(env[VARIABLES[key]]);
  return { bucket: value('bucket'), table: value('table'), rawPrefix: value('rawPrefix'), runsPrefix: value('runsPrefix') };
}

export interface HandlerClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
}

let cached: { key: string; clients: HandlerClients } | undefined;

/**
 * S3 and DynamoDB clients from the standard AWS environment (AWS_REGION, credentials, and
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads itself), with the app's
 * timeouts. Kept across invocations of a warm Lambda; a changed endpoint makes new ones.
 */
export function handlerClients(env: NodeJS.ProcessEnv = process.env): HandlerClients {
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3;
  const key = `${env.AWS_REGION}|${s3Endpoint}|${env.AWS_ENDPOINT_URL_DYNAMODB}`;
  if (cached?.key === key) return cached.clients;
  // A custom S3 endpoint is an S3-compatible server: s3ClientConfig sets it up as apps/pipeline does.
  const s3 = new S3Client(s3ClientConfig({ endpoint: s3Endpoint }));
  const dynamodb = new DynamoDBClient({ ...clientTimeouts() });
  cached?.clients.s3.destroy();
  cached?.clients.dynamodb.destroy();
  cached = { key, clients: { s3, dynamodb } };
  return cached.clients;
}
