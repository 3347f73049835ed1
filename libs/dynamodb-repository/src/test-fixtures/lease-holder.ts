// A run in its own process, holding a table's lease when told: argv[2] the DynamoDB endpoint,
// argv[3] the table, argv[4] the run id, argv[5] the lease's ttl in ms. Commands, one per stdin
// line, each answered by one JSON line: `acquire` (acquireLease, then fenceWrites on its client),
// `put <StockCode>` (a PutItem of a marker record through the fenced client), `release`, `exit`.
// Run by lease-processes.spec.ts, which stops it (SIGSTOP, SIGKILL) from outside.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { LeaseHeldError, LeaseLostError } from '../lib/lease/errors';
import { fenceWrites } from '../lib/lease/fence';
import type { Lease } from '../lib/lease/held-lease';
import { acquireLease } from '../lib/lease/lease';

/** The marker's InvoiceNo (lease-processes.spec.ts looks for it). */
const MARKER_INVOICE = 'LEASE-MARKER';

const [endpoint, table, runId, ttl] = process.argv.slice(2);
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
let lease: Lease | undefined;
const say = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
const failure = (error: unknown): object => ({
  error: (error as Error).name,
  message: (error as Error).message,
  ...(error instanceof LeaseLostError ? { reason: error.reason } : {}),
});

async function run(command: string, argument: string | undefined): Promise<object> {
  switch (command) {
    case 'acquire':
      try {
        lease = await acquireLease(client, table, { owner: { runId, host: hostname(), pid: process.pid }, ttlMs: Number(ttl) });
        fenceWrites(client, lease);
        return { acquired: true, token: lease.token };
      } catch (error) {
        if (error instanceof LeaseHeldError) return { held: true, message: error.message };
        throw error;
      }
    case 'put':
      try {
        await client.send(new PutItemCommand({ TableName: table, Item: { InvoiceNo: { S: MARKER_INVOICE }, StockCode: { S: argument ?? '' } } }));
        return { put: true };
      } catch (error) {
        return failure(error);
      }
    case 'release':
      await lease?.release();
      return { released: true };
    default:
      process.exit(0);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, argument] = line.split(' ');
  run(command, argument).then(say, (error: unknown) => say(failure(error)));
});
say({ ready: true });
