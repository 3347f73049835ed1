import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { jitForLines, startLocalStack, type LocalStack, type LocalStackError } from '@ecomlake/local-stack';
import { clientTimeouts, s3ClientConfig } from '@ecomlake/s3-extract';
import { UsageError, type Settings } from './settings';

export interface Clients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /** Where the run goes, for people: "embedded stack (…)" or "AWS eu-west-2". */
  description: string;
  /** Stops the embedded stack, if one was started, and releases the clients. */
  close(): Promise<void>;
  /** Why an embedded server died after start-up (the news, rather than the request that met the dead endpoint); undefined while both run, and on AWS. */
  stackFailure(): LocalStackError | undefined;
}

export interface OpenClientsOptions {
  /** Wait this long for another run's embedded stack on the same data folder, ms. Default 0: fail at once, naming it. */
  waitMs?: number;
  /** Where lines for people go (that we wait, and for whom). Default: none. */
  log?: (line: string) => void;
  /** Stops waiting for the data folder. */
  signal?: AbortSignal;
  /** About how many lines the run reads (`expectedLines`): how the embedded DynamoDB Local compiles (`jitForLines`). Default: unknown (peak). */
  lines?: number;
}

/** Variables whose presence means "the user has AWS set up": then auto targets AWS. */
const AWS_SIGNALS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** `auto` → AWS when endpoints or credentials are configured, else the embedded stack. */
export function chooseTarget(settings: Settings, env: NodeJS.ProcessEnv): 'local' | 'aws' {
  if (settings.target !== 'auto') return settings.target;
  const configured = settings.s3Endpoint || settings.dynamoDbEndpoint || AWS_SIGNALS.some((name) => env[name]);
  return configured ? 'aws' : 'local';
}

export async function openClients(settings: Settings, env: NodeJS.ProcessEnv = process.env, dataDir = '.data', options: OpenClientsOptions = {}): Promise<Clients> {
  if (chooseTarget(settings, env) === 'local') {
    if (settings.analyticsOnly) {
      throw new UsageError(
        '--analytics-only needs a table loaded by an earlier run, but the embedded DynamoDB lives in memory for one run. ' +
          'Either run the whole pipeline (without --analytics-only), or keep a stack running with `npx nx run local-stack:serve` ' +
          'in another shell, export the AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB lines it prints, load once, then use --analytics-only.',
      );
    }
    return openLocal(path.join(dataDir, 'local-stack'), options);
  }
  return openAws(settings);
}

async function openLocal(dir: string, options: OpenClientsOptions): Promise<Clients> {
  // The lake (S3) persists between runs; DynamoDB is rebuilt in memory each run, since
  // DynamoDB Local on disk loads about 10x slower. One stack owns the data folder at a time:
  // a second default run fails at once naming the first, or waits with --wait.
  // A run of seconds is done before C2's compiling pays off: DynamoDB Local then lets C2 compile its hot path only.
  const jit = jitForLines(options.lines);
  const stack: LocalStack = await startLocalStack({
    dir,
    dynamoDbInMemory: true,
    jit,
    lockWaitMs: options.waitMs ?? 0,
    ...(options.signal && { lockSignal: options.signal }),
    onLockWait: (holder) =>
      options.log?.(`embedded stack: ${dir} is in use by another run (pid ${holder.pid}, since ${holder.startedAt}); waiting up to ${Math.round((options.waitMs ?? 0) / 1000)} s`),
  });
  const s3 = new S3Client({ ...stack.s3, ...clientTimeouts() });
  const dynamodb = new DynamoDBClient({ ...stack.dynamodb, ...clientTimeouts() });
  return {
    s3,
    dynamodb,
    description: `embedded stack (S3 ${stack.s3.endpoint}, DynamoDB Local ${stack.dynamodb.endpoint} with ${jit} JIT; lake in ${dir}, table in memory)`,
    async close() {
      s3.destroy();
      dynamodb.destroy();
      await stack.stop();
    },
    stackFailure: () => stack.failure,
  };
}

async function openAws(settings: Settings): Promise<Clients> {
  const region = settings.region;
  if (!region) throw new UsageError('AWS_REGION is not set: set it in .env or the environment (for example AWS_REGION=eu-west-2).');
  // Timeouts on both clients: a stalled endpoint fails the run, named, instead of hanging it.
  // A custom S3 endpoint is an S3-compatible server: s3ClientConfig sets it up as the AWS app's handlers do.
  const s3 = new S3Client(s3ClientConfig({ region, endpoint: settings.s3Endpoint }));
  const dynamodb = new DynamoDBClient({ region, ...clientTimeouts(), ...(settings.dynamoDbEndpoint && { endpoint: settings.dynamoDbEndpoint }) });
  try {
    await s3.config.credentials();
  } catch {
    s3.destroy();
    dynamodb.destroy();
    throw new UsageError(
      'No AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) in .env or the environment, ' +
        'or run without --target aws to use the embedded stack.',
    );
  }
  const where = [settings.s3Endpoint && `S3 ${settings.s3Endpoint}`, settings.dynamoDbEndpoint && `DynamoDB ${settings.dynamoDbEndpoint}`]
    .filter(Boolean)
    .join(', ');
  return {
    s3,
    dynamodb,
    description: `AWS ${region}${where ? ` (${where})` : ''}`,
    async close() {
      s3.destroy();
      dynamodb.destroy();
    },
    stackFailure: () => undefined,
  };
}
