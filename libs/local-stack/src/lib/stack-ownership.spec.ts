// A stack owns what it starts and the folder it serves: one stack per data folder, and no
// server outlives the process that started it, however that process ends.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { LockHolder } from '@ecomlake/util';
import { startLocalStack } from './start-local-stack';
import { LocalStackError, StackDirInUseError } from './errors';
import { isRunning, listeningOn, processesMentioning, socketOwner, waitUntil } from '../test-fixtures/proc';

const FIXTURE = path.join(__dirname, '..', 'test-fixtures', 'stack-until-signal.ts');
const small = { dynamoDbInMemory: true, javaHeapMiB: 256, stopOnSignal: false } as const;

interface Servers {
  s3: string;
  dynamodb: string;
  /** The supervisor: s3rver runs in it. */
  supervisorPid: number;
  jvmPid: number;
  /** The listening sockets (ports freed later may be taken by anyone on this shared machine). */
  sockets: number[];
}

/** The processes behind a stack's endpoints, read from the kernel's socket tables. */
function serversOf(endpoints: { s3: string; dynamodb: string }): Servers {
  const socket = (endpoint: string) => listeningOn(Number(new URL(endpoint).port))[0].inode;
  const sockets = [socket(endpoints.s3), socket(endpoints.dynamodb)];
  const servers = { ...endpoints, supervisorPid: socketOwner(sockets[0]) ?? 0, jvmPid: socketOwner(sockets[1]) ?? 0, sockets };
  expect(readFileSync(`/proc/${servers.supervisorPid}/cmdline`, 'latin1')).toContain('supervisor.cjs');
  expect(readFileSync(`/proc/${servers.jvmPid}/cmdline`, 'latin1')).toContain('DynamoDBLocal.jar');
  return servers;
}

/** All of a stack's processes and ports are gone (bounded wait). */
async function allGone(servers: Servers): Promise<void> {
  await waitUntil(() => !isRunning(servers.supervisorPid), `the supervisor (pid ${servers.supervisorPid}) exited`);
  await waitUntil(() => !isRunning(servers.jvmPid), `DynamoDB Local's JVM (pid ${servers.jvmPid}) exited`);
  const ours = () =>
    [servers.s3, servers.dynamodb].flatMap((endpoint) => listeningOn(Number(new URL(endpoint).port))).filter((socket) => servers.sockets.includes(socket.inode));
  await waitUntil(() => ours().length === 0, `the stack's listening sockets closed`);
}

/** An app (another process) serving a stack from `dir` until a signal ends it. */
async function appServing(dir: string): Promise<{ app: ChildProcess; exited: Promise<unknown[]>; servers: Servers }> {
  const app = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  apps.push(app);
  const exited = once(app, 'exit');
  // An app that ends before it serves (its error is on stderr) fails the test at once.
  const [line] = (await Promise.race([
    once(createInterface({ input: app.stdout }), 'line'),
    exited.then(([code, signal]) => Promise.reject(new Error(`the app ended (${code ?? signal}) before serving ${dir}`))),
  ])) as [string];
  return { app, exited, servers: serversOf(JSON.parse(line) as { s3: string; dynamodb: string }) };
}

let dir: string;
let apps: ChildProcess[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-owner-'));
  apps = [];
});
afterEach(() => {
  // A failed test leaves nothing running (its supervisor and JVM follow it).
  for (const app of apps) if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('one stack per data folder', () => {
  test('a second stack on a folder another process serves fails at once naming it; with lockWaitMs it starts once that one stops', async () => {
    const { app, exited } = await appServing(dir);

    const error = (await startLocalStack({ ...small, dir }).catch((e: unknown) => e)) as StackDirInUseError;
    expect(error).toBeInstanceOf(StackDirInUseError);
    expect(error).toBeInstanceOf(LocalStackError);
    expect(error.code).toBe('local-stack.dirInUse');
    expect(error.holder).toMatchObject({ pid: app.pid });
    expect(error.message).toMatch(
      new RegExp(
        `^The embedded stack's data folder ${dir} is in use by process ${app.pid} on .+ since .+ \\(embedded stack \\(S3 and DynamoDB Local\\) of stack-until-signal\\.ts ${dir}\\)\\. ` +
          'Stop that process or wait for it to finish \\(lockWaitMs waits\\), or give this stack another folder \\(dir\\)\\.',
      ),
    );

    // Waiting stops on the caller's signal (an app's Ctrl-C).
    const controller = new AbortController();
    const interrupted = new Error('interrupted');
    await expect(
      startLocalStack({ ...small, dir, lockWaitMs: 50_000, lockSignal: controller.signal, onLockWait: () => controller.abort(interrupted) }),
    ).rejects.toBe(interrupted);

    const waitedFor: LockHolder[] = [];
    const stack = await startLocalStack({
      ...small,
      dir,
      lockWaitMs: 50_000,
      onLockWait: (holder) => {
        waitedFor.push(holder);
        app.kill('SIGTERM'); // the other app stops its stack and frees the folder
      },
    });
    try {
      expect(waitedFor.map((h) => h.pid)).toEqual([app.pid]);
      expect((await exited)[1]).toBe('SIGTERM');
      const client = new S3Client({ ...stack.s3, maxAttempts: 1 });
      await client.send(new CreateBucketCommand({ Bucket: 'second-stack' }));
      client.destroy();
      expect(JSON.parse(readFileSync(path.join(dir, '.ecomlake.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await stack.stop();
    }
    // stop() frees the folder.
    await startLocalStack({ ...small, dir }).then((again) => again.stop());
  });
});

describe('no orphans', () => {
  test('kill -9 of the app: its supervisor, s3rver and the JVM end, and the next stack takes the folder at once', async () => {
    const { app, exited, servers } = await appServing(dir);
    app.kill('SIGKILL');
    await exited;
    await allGone(servers);
    expect(processesMentioning(dir)).toEqual([]);

    const stack = await startLocalStack({ ...small, dir });
    await stack.stop();
  });

  test('kill -9 of the supervisor: DynamoDB Local\'s JVM ends too, and the failure names both embedded servers', async () => {
    let reportFailure: (error: LocalStackError) => void = () => undefined;
    const reported = new Promise<LocalStackError>((resolve) => (reportFailure = resolve));
    const stack = await startLocalStack({ ...small, inMemory: true, onFailure: (e) => reportFailure(e) });
    try {
      const servers = serversOf({ s3: stack.s3.endpoint, dynamodb: stack.dynamodb.endpoint });
      expect(stack.failure).toBeUndefined();
      process.kill(servers.supervisorPid, 'SIGKILL');

      const failure = await reported;
      expect(failure.message).toBe(
        `The embedded S3 (s3rver, pid ${servers.supervisorPid}, ${servers.s3}) was killed by SIGKILL after start-up, ` +
          `and the embedded DynamoDB Local (pid ${servers.jvmPid}, ${servers.dynamodb}) ends with it. Stop the stack and start it again.`,
      );
      expect(failure.gone).toEqual([
        { server: 's3', pid: servers.supervisorPid, endpoint: servers.s3 },
        { server: 'dynamodb', pid: servers.jvmPid, endpoint: servers.dynamodb },
      ]);
      expect(stack.failure).toBe(failure);
      await allGone(servers);
    } finally {
      await stack.stop();
    }
  });
});
