import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { JIT_DIRECTIVES_FILE, startLocalStack } from './start-local-stack';
import { testStack, uniqueName } from './testing';
import { requireJava } from './java';
import { c2OnlyDirectives, jitForLines, QUICK_START_C2_METHODS, QUICK_START_MAX_LINES, type DynamoDbJit } from './jit';
import { JavaNotFoundError, LocalStackError } from './errors';
import { externalIPv4, listeningOn, processesMentioning, socketOwner } from '../test-fixtures/proc';

describe('the shared test stack', () => {
  const { s3, dynamodb } = testStack();
  const s3Client = new S3Client(s3);
  const dynamoClient = new DynamoDBClient(dynamodb);
  afterAll(() => {
    s3Client.destroy();
    dynamoClient.destroy();
  });

  test('listens on loopback ports', () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.endpoint).not.toBe(dynamodb.endpoint);
  });

  test('S3 stores objects and pages through listings with continuation tokens', async () => {
    const Bucket = uniqueName('stack');
    await s3Client.send(new CreateBucketCommand({ Bucket }));
    const keys = Array.from({ length: 7 }, (_, i) => `raw/day-${i}.csv`);
    for (const Key of keys) await s3Client.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}` }));

    const listed: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3Client, pageSize: 3 }, { Bucket, Prefix: 'raw/' })) {
      pages += 1;
      listed.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
    }
    expect(listed.sort()).toEqual([...keys].sort());
    expect(pages).toBe(3);

    const got = await s3Client.send(new GetObjectCommand({ Bucket, Key: keys[3] }));
    expect(await got.Body?.transformToString()).toBe('body of raw/day-3.csv');
  });

  test('DynamoDB is AWS DynamoDB Local with a shared database', async () => {
    const TableName = uniqueName('stack');
    await dynamoClient.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    // Another region and key pair sees the same tables (-sharedDb).
    const other = new DynamoDBClient({ ...dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const { TableNames } = await other.send(new ListTablesCommand({}));
    other.destroy();
    expect(TableNames).toContain(TableName);
  });
});

describe('startLocalStack', () => {
  test('stop() shuts both servers down and is idempotent', async () => {
    const stack = await startLocalStack({ inMemory: true, javaHeapMiB: 256, stopOnSignal: false });
    const client = new S3Client({ ...stack.s3, maxAttempts: 1 });
    await client.send(new CreateBucketCommand({ Bucket: 'alive' }));
    expect(stack.env.AWS_ENDPOINT_URL_S3).toBe(stack.s3.endpoint);
    expect(stack.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(stack.dynamodb.endpoint);

    await stack.stop();
    await stack.stop();
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'alive' }))).rejects.toThrow();
    await expect(fetch(stack.dynamodb.endpoint, { method: 'POST' })).rejects.toThrow();
    client.destroy();
  });

  test("jit 'quick-start' lets C2 compile only the request and schema path (compiler directives HotSpot reads), removed with the stack; the default ('peak') leaves HotSpot's tiered compilation", async () => {
    const jvmOf = async (jit: DynamoDbJit | undefined, check: (jvm: number, args: string[]) => void): Promise<void> => {
      const stack = await startLocalStack({ inMemory: true, javaHeapMiB: 256, stopOnSignal: false, ...(jit && { jit }) });
      try {
        const client = new DynamoDBClient(stack.dynamodb);
        await client.send(new ListTablesCommand({}));
        client.destroy();
        const jvm = socketOwner(listeningOn(Number(new URL(stack.dynamodb.endpoint).port))[0].inode) ?? 0;
        check(jvm, readFileSync(`/proc/${jvm}/cmdline`, 'latin1').split('\0'));
      } finally {
        await stack.stop();
      }
    };
    // HotSpot's own reading of a directives file, by the stack's JVM binary (/proc/<pid>/exe):
    // what it prints when it installs them (the JRE has no jcmd to ask the running JVM).
    const directivesRead = (jvm: number, file: string): string =>
      execFileSync(realpathSync(`/proc/${jvm}/exe`), ['-XX:+UnlockDiagnosticVMOptions', `-XX:CompilerDirectivesFile=${file}`, '-XX:+CompilerDirectivesPrint', '-version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
    await jvmOf('quick-start', (jvm, args) => {
      expect(args).toContain('-XX:+UseSerialGC');
      expect(args).toContain('-XX:+UnlockDiagnosticVMOptions');
      const file = args.find((arg) => arg.startsWith('-XX:CompilerDirectivesFile='))?.slice('-XX:CompilerDirectivesFile='.length) ?? '';
      expect(path.basename(file)).toBe(JIT_DIRECTIVES_FILE);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([
        { match: [...QUICK_START_C2_METHODS], c2: { Exclude: false } },
        { match: ['*.*'], c2: { Exclude: true } },
      ]);
      // The JVM is up with that file (a file HotSpot cannot read stops it at start), and HotSpot
      // reads two directives from it: C2 for the listed patterns, C2 excluded for every other method.
      const [listed, rest] = directivesRead(jvm, file).split('Directive:').slice(1);
      for (const pattern of QUICK_START_C2_METHODS) expect(listed).toContain(pattern);
      expect(listed.slice(listed.indexOf('c2 directives:'))).toContain('Exclude:false');
      expect(rest).toContain('matching: *.*');
      expect(rest.slice(rest.indexOf('c2 directives:'))).toContain('Exclude:true');
    });
    // In a stack's own folder, the file goes with the stack.
    const dir = mkdtempSync(path.join(tmpdir(), 'jit-dir-'));
    try {
      const stack = await startLocalStack({ dir, javaHeapMiB: 256, stopOnSignal: false, jit: 'quick-start' });
      expect(JSON.parse(readFileSync(path.join(dir, JIT_DIRECTIVES_FILE), 'utf8'))).toHaveLength(2);
      await stack.stop();
      expect(existsSync(path.join(dir, JIT_DIRECTIVES_FILE))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await jvmOf(undefined, (_jvm, args) => {
      expect(args.filter((arg) => arg.startsWith('-XX:CompilerDirectivesFile') || arg.startsWith('-XX:TieredStopAtLevel'))).toEqual([]);
    });
    await expect(startLocalStack({ inMemory: true, stopOnSignal: false, jit: 'fast' as DynamoDbJit })).rejects.toThrow("jit must be 'quick-start' or 'peak', got \"fast\"");
  });

  test('c2OnlyDirectives: the listed patterns first (the first match applies), every other method excluded from C2; none listed is refused', () => {
    expect(JSON.parse(c2OnlyDirectives(['a/B.c', 'd/*.*']))).toEqual([
      { match: ['a/B.c', 'd/*.*'], c2: { Exclude: false } },
      { match: ['*.*'], c2: { Exclude: true } },
    ]);
    expect(() => c2OnlyDirectives([])).toThrow(RangeError);
  });

  test('jitForLines: quick start below QUICK_START_MAX_LINES, peak at or above it and when the size is unknown', () => {
    expect(jitForLines(50_000)).toBe('quick-start');
    expect(jitForLines(QUICK_START_MAX_LINES - 1)).toBe('quick-start');
    expect(jitForLines(QUICK_START_MAX_LINES)).toBe('peak');
    expect(jitForLines(541_909)).toBe('peak');
    expect(jitForLines(undefined)).toBe('peak');
    expect(jitForLines(Number.NaN)).toBe('peak');
  });

  test('a missing Java is reported with what to install', () => {
    expect(() => requireJava('/nonexistent/bin/java')).toThrow(JavaNotFoundError);
    expect(() => requireJava('/nonexistent/bin/java')).toThrow(/Java 17 or newer.*apt-get install openjdk-17/);
  });

  test('a Java 17 runtime without the compiler module (a JRE-only build) is reported with the JDK to install', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jre-only-'));
    const java = path.join(dir, 'java');
    writeFileSync(java, '#!/bin/sh\nif [ "$1" = -version ]; then echo \'openjdk version "17.0.9" 2023-10-17\' >&2; else printf "java.base@17.0.9\\njava.sql@17.0.9\\n"; fi\n');
    chmodSync(java, 0o755);
    const error = (() => {
      try {
        return requireJava(java);
      } catch (e) {
        return e;
      }
    })();
    rmSync(dir, { recursive: true });
    expect(error).toBeInstanceOf(JavaNotFoundError);
    expect(error).toMatchObject({ code: 'local-stack.javaNotFound', found: '17.0.9', missingCompiler: true });
    expect((error as Error).message).toMatch(/^Java 17\.0\.9 has no compiler module \(jdk\.compiler\).*apt-get install openjdk-17-jdk-headless/);
  });
});

describe('reachable from this machine only', () => {
  const { s3, dynamodb } = testStack();

  test.each([
    ['S3 (s3rver)', s3.endpoint],
    ['DynamoDB Local', dynamodb.endpoint],
  ])('%s listens on 127.0.0.1 alone; the machine\'s own network address is refused', async (_name, endpoint) => {
    const port = Number(new URL(endpoint).port);
    expect(listeningOn(port).map((socket) => socket.address)).toEqual(['127.0.0.1']);
    const external = externalIPv4();
    if (!external) return; // no network interface besides loopback: nothing else to refuse
    const socket = connect({ host: external, port });
    const [error] = (await once(socket, 'error').catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
    socket.destroy();
    expect(error.code).toBe('ECONNREFUSED');
  });
});

describe('failures after start-up', () => {
  test('DynamoDB Local killed: the stack says so, and the next request fails naming it instead of "connection refused"', async () => {
    let reportFailure: (error: LocalStackError) => void = () => undefined;
    const reported = new Promise<LocalStackError>((resolve) => (reportFailure = resolve));
    const stack = await startLocalStack({ inMemory: true, javaHeapMiB: 256, stopOnSignal: false, onFailure: (e) => reportFailure(e) });
    const s3Client = new S3Client({ ...stack.s3, maxAttempts: 1 });
    const dynamoClient = new DynamoDBClient(stack.dynamodb); // default retries: the stand-in's answer is final
    try {
      const port = Number(new URL(stack.dynamodb.endpoint).port);
      const jvm = socketOwner(listeningOn(port)[0].inode) ?? 0;
      expect(readFileSync(`/proc/${jvm}/cmdline`, 'latin1')).toContain('DynamoDBLocal.jar');
      process.kill(jvm, 'SIGKILL');

      const failure = await reported;
      expect(failure).toBeInstanceOf(LocalStackError);
      expect(failure.code).toBe('local-stack.serverFailed');
      expect(failure.message).toMatch(
        new RegExp(`^The embedded DynamoDB Local \\(pid ${jvm}, 127\\.0\\.0\\.1:${port}\\) was killed by SIGKILL after start-up; its tables \\(in memory\\) are gone\\. Stop the stack and start it again\\.`),
      );
      expect(failure.gone).toEqual([{ server: 'dynamodb', pid: jvm, endpoint: stack.dynamodb.endpoint }]);
      expect(stack.failure).toBe(failure);
      const error = (await dynamoClient.send(new ListTablesCommand({})).catch((e: unknown) => e)) as Error & { $metadata: { attempts?: number } };
      expect({ name: error.name, message: error.message, attempts: error.$metadata.attempts }).toEqual({
        name: 'LocalStackError',
        message: failure.message,
        attempts: 1,
      });
      // S3 is unaffected.
      await s3Client.send(new CreateBucketCommand({ Bucket: 'still-up' }));
    } finally {
      s3Client.destroy();
      dynamoClient.destroy();
      await stack.stop();
    }
  });
});

describe('signals', () => {
  const FIXTURE = path.join(__dirname, '..', 'test-fixtures', 'stack-until-signal.ts');

  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s to an app that does not handle it stops the servers and ends the app by that signal, leaving no process',
    async (signal) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'stack-signal-'));
      const app = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = once(app, 'exit');
      try {
        const [line] = (await once(createInterface({ input: app.stdout }), 'line')) as [string];
        const endpoints = JSON.parse(line) as { s3: string; dynamodb: string };
        expect(processesMentioning(dir).length).toBeGreaterThan(0); // the supervisor and the JVM

        app.kill(signal);
        const [code, killedBy] = await exited;
        expect({ code, killedBy }).toEqual({ code: null, killedBy: signal });
        expect(processesMentioning(dir)).toEqual([]);
        for (const endpoint of [endpoints.s3, endpoints.dynamodb]) {
          expect(listeningOn(Number(new URL(endpoint).port))).toEqual([]);
        }
      } finally {
        if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL'); // a failed test leaves nothing running
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
