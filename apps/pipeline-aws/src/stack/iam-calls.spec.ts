// The Lambdas' roles against what their handlers really send: each handler runs on the
// embedded stack (a load, a rerun after an object left the input, the report), every request
// its S3 and DynamoDB clients send is recorded, and each must be allowed by its role in the
// synthesized template; each granted action must have been used, except the few that only an
// error path calls (listed below with their reason).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { uniqueName } from '@ecomlake/local-stack';
import type { InitializeMiddleware } from '@smithy/types';
import { handler as analytics } from '../handlers/analytics';
import { handlerClients } from '../handlers/environment';
import { handler as reduce } from '../handlers/reduce';
import { handler as worker } from '../handlers/worker';
import { runExecution, type Invoke } from '../test-fixtures/execution';
import { BY_DAY, handlerWorld, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { stateMachineDefinition, synthTemplate } from '../test-fixtures/template';

const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv'];
const LAKE = '${Lake5F1B88EA.Arn}';
const TABLE = '${Orders.Arn}';

/** Granted, but no call of this test's runs needs them: each with the path that does. */
const NOT_IN_THESE_RUNS: Record<string, readonly string[]> = {
  Worker: [
    // lib-storage's Upload aborts a multipart upload that failed (a lake part over 5 MiB).
    `s3:AbortMultipartUpload ${LAKE}/clean/\${Orders}/*`,
    // Results over 192 KiB (a big batch) go to S3 instead of the child's output (worker-output.ts).
    `s3:PutObject ${LAKE}/runs/partition-results/*`,
  ],
  Reduce: [],
  Analytics: [],
};

type Role = 'Worker' | 'Reduce' | 'Analytics';

/** One request as IAM sees it: an action on a resource (and the listed prefix for ListBucket). */
interface Call {
  readonly action: string;
  readonly resource: string;
  readonly prefix?: string;
}

type Input = Record<string, unknown>;

/** What IAM authorizes for each command the SDK sends (service authorization reference). */
function iamCalls(service: 's3' | 'dynamodb', command: string, input: Input): Call[] {
  const object = (key: unknown): string => `${LAKE}/${String(key)}`;
  const table = (index?: unknown): string => (index ? `${TABLE}/index/${String(index)}` : TABLE);
  if (service === 's3') {
    switch (command) {
      case 'GetObjectCommand':
      case 'HeadObjectCommand':
        return [{ action: 's3:GetObject', resource: object(input.Key) }];
      case 'PutObjectCommand':
      case 'CreateMultipartUploadCommand':
      case 'UploadPartCommand':
      case 'CompleteMultipartUploadCommand':
        return [{ action: 's3:PutObject', resource: object(input.Key) }];
      case 'AbortMultipartUploadCommand':
        return [{ action: 's3:AbortMultipartUpload', resource: object(input.Key) }];
      case 'CopyObjectCommand':
        return [
          { action: 's3:PutObject', resource: object(input.Key) },
          { action: 's3:GetObject', resource: object(String(input.CopySource).replace(/^[^/]+\//, '')) },
        ];
      case 'ListObjectsV2Command':
        return [{ action: 's3:ListBucket', resource: LAKE, prefix: String(input.Prefix ?? '') }];
      case 'HeadBucketCommand':
        return [{ action: 's3:ListBucket', resource: LAKE }];
      case 'DeleteObjectCommand':
        return [{ action: 's3:DeleteObject', resource: object(input.Key) }];
      case 'DeleteObjectsCommand':
        return ((input.Delete as { Objects: { Key: string }[] }).Objects ?? []).map((o) => ({ action: 's3:DeleteObject', resource: object(o.Key) }));
    }
  } else {
    const name = command.replace(/Command$/, '');
    switch (name) {
      case 'TransactWriteItems':
        return (input.TransactItems as Record<string, unknown>[]).map((item) => {
          const [kind] = Object.keys(item);
          return { action: `dynamodb:${kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`}`, resource: table() };
        });
      case 'TransactGetItems':
        return [{ action: 'dynamodb:GetItem', resource: table() }];
      default:
        return [{ action: `dynamodb:${name}`, resource: table(input.IndexName) }];
    }
  }
  throw new Error(`no IAM mapping for ${service} ${command}: add it to iamCalls`);
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: { StringLike?: { 's3:prefix'?: unknown[] } };
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const r = value as Record<string, unknown>;
  if (r['Fn::GetAtt']) return `\${${(r['Fn::GetAtt'] as string[]).join('.')}}`;
  if (r.Ref) return `\${${String(r.Ref)}}`;
  if (r['Fn::Join']) return (r['Fn::Join'] as [string, unknown[]])[1].map(render).join('');
  return JSON.stringify(value);
}

const glob = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Each role's grants as `action resource` lines (with `if prefix` for a ListBucket condition). */
function grantsOf(role: Role): { action: string; resource: string; prefixes?: string[] }[] {
  const { template } = synthTemplate();
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(`${role}ServiceRole`))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
    .flatMap((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).flatMap((action) =>
        (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => ({ action, resource: render(r), prefixes: s.Condition?.StringLike?.['s3:prefix']?.map(render) })),
      ),
    );
}

describe('each Lambda role allows exactly what its handler calls', () => {
  let world: HandlerWorld;
  const calls: Record<Role, Call[]> = { Worker: [], Reduce: [], Analytics: [] };
  let current: Role | undefined;
  let recorded: (call: Call) => Call = (call) => call;

  beforeAll(async () => {
    world = await handlerWorld();
    // The handlers' own clients (kept across invocations, as in a warm Lambda): record what they send.
    const clients = handlerClients();
    const recorder =
      <I extends object, O extends object>(service: 's3' | 'dynamodb'): InitializeMiddleware<I, O> =>
      (next, context) =>
      async (args) => {
        if (current) calls[current].push(...iamCalls(service, String(context.commandName), args.input as Input).map(recorded));
        return next(args);
      };
    clients.s3.middlewareStack.add(recorder('s3'), { step: 'initialize', name: 'recordIamCalls' });
    clients.dynamodb.middlewareStack.add(recorder('dynamodb'), { step: 'initialize', name: 'recordIamCalls' });
    await uploadDays(world.s3, world.bucket, DAYS);
    // The table's name in a key is the template's `${Orders}` (the lake is lakePrefix(table): clean/<table>/).
    const table = world.table;
    const asTemplate = (call: Call): Call => ({ ...call, resource: call.resource.replace(`/clean/${table}/`, '/clean/${Orders}/'), ...(call.prefix !== undefined && { prefix: call.prefix.replace(`clean/${table}/`, 'clean/${Orders}/') }) });
    recorded = asTemplate;
    let inFlight = 0;
    const as =
      (role: Role, invoke: Invoke): Invoke =>
      async (event) => {
        // Two children of a Map run at once: the role stays set until the last one ends.
        current = role;
        inFlight += 1;
        try {
          return await invoke(event);
        } finally {
          inFlight -= 1;
          if (inFlight === 0) current = undefined;
        }
      };
    const definition = stateMachineDefinition(synthTemplate().template);
    // A first execution over three days, then a rerun after one object left the input (its
    // partition and lake files are pruned) and another changed (replaced: its stale items are deleted).
    for (const rerun of [false, true]) {
      if (rerun) {
        await world.s3.send(new DeleteObjectCommand({ Bucket: world.bucket, Key: `raw/${DAYS[0]}` }));
        const shorter = readFileSync(path.join(BY_DAY, DAYS[1]), 'utf8').split('\n').slice(0, 500).join('\n');
        await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: `raw/${DAYS[1]}`, Body: shorter }));
      }
      const run = await runExecution({
        definition,
        s3: world.s3,
        bucket: world.bucket,
        name: uniqueName('exec'),
        worker: as('Worker', worker),
        reduce: as('Reduce', reduce),
        analytics: as('Analytics', analytics),
      });
      expect(run.error).toBeUndefined();
    }
  });
  afterAll(() => world?.restore());

  it.each(['Worker', 'Reduce', 'Analytics'] as const)('%s: every request is allowed, every grant is used (or named as an error path)', (role) => {
    const grants = grantsOf(role);
    expect(calls[role].length).toBeGreaterThan(0);
    const denied = calls[role].filter(
      (call) =>
        !grants.some(
          (g) => g.action === call.action && glob(g.resource).test(call.resource) && (!g.prefixes || (call.prefix !== undefined && g.prefixes.some((p) => glob(p).test(call.prefix ?? '')))),
        ),
    );
    expect([...new Set(denied.map((c) => `${c.action} ${c.resource}${c.prefix !== undefined ? ` prefix=${c.prefix}` : ''}`))]).toEqual([]);
    const unused = grants
      .filter((g) => !calls[role].some((call) => call.action === g.action && glob(g.resource).test(call.resource)))
      .map((g) => `${g.action} ${g.resource}`);
    expect(unused.sort()).toEqual([...NOT_IN_THESE_RUNS[role]].sort());
  });
});
