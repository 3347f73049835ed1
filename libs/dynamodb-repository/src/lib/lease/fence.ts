import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import type { DynamoRecord } from '../marshal';
import type { Lease } from './held-lease';
import { isLeaseKey } from './lease-record';
import { underWireCheck } from './wire-fence';

type Middleware = Parameters<DynamoDBClient['middlewareStack']['addRelativeTo']>[0];
/** The shape of a finalizeRequest middleware, spelled out (the stack's parameter type is a union of every step's). */
type Finalize = <Args extends { input: object }, Output>(next: (args: Args) => Promise<Output>, context: { commandName?: string }) => (args: Args) => Promise<Output>;

interface WriteInputs {
  TableName?: string;
  Key?: DynamoRecord;
  Item?: DynamoRecord;
  RequestItems?: Record<string, WriteRequest[]>;
  TransactItems?: { Put?: WriteInputs; Update?: WriteInputs; Delete?: WriteInputs; ConditionCheck?: WriteInputs }[];
}

let fences = 0;

/**
 * Makes `client` check `lease.assertHeld()` before every write request to `lease.table`
 * (BatchWriteItem, PutItem, UpdateItem, DeleteItem, TransactWriteItems), on every attempt, twice:
 * - in the `finalizeRequest` step right before signing, after the SDK's retry middleware, so a
 *   retry sent after the lease was lost never leaves the process (nor is signed);
 * - at the socket, synchronously with the write of the request's bytes (`underWireCheck`), so a
 *   process paused anywhere between the middleware and the wire (signing, a wait for a socket, a
 *   connect) finds the lease lost on resume and writes nothing.
 * Requests that only touch lease items (the lease's own heartbeat and release) pass.
 *
 * What it cannot stop: bytes already handed to the kernel when the process was paused (they reach
 * the server while the lease is still ours by its clock; the lease's margin, see `leaseMargin`,
 * covers clock differences), and a pause in the few statements between the socket check and the write.
 *
 * @returns a function that removes the check from the client.
 */
export function fenceWrites(client: DynamoDBClient, lease: Lease): () => void {
  fences += 1;
  const name = `ecomlakeLeaseFence${fences}`;
  const fence: Finalize = (next, context) => async (args) => {
    if (!writesTo(context.commandName, args.input as WriteInputs, lease.table)) return next(args);
    lease.assertHeld();
    return underWireCheck(() => lease.assertHeld(), () => next(args));
  };
  client.middlewareStack.addRelativeTo(fence as Middleware, { name, relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true });
  return () => void client.middlewareStack.remove(name);
}

/** True when the request writes anything other than lease items to `table`. */
function writesTo(command: string | undefined, input: WriteInputs, table: string): boolean {
  switch (command) {
    case 'PutItemCommand':
      return sameTable(input.TableName, table) && !isLeaseKey(input.Item);
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return sameTable(input.TableName, table) && !isLeaseKey(input.Key);
    case 'BatchWriteItemCommand':
      return Object.entries(input.RequestItems ?? {}).some(
        ([name, requests]) => sameTable(name, table) && requests.some((request) => !isLeaseKey(request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
      );
    case 'TransactWriteItemsCommand':
      return (input.TransactItems ?? []).some((item) => {
        const write = item.Put ?? item.Update ?? item.Delete;
        return write !== undefined && sameTable(write.TableName, table) && !isLeaseKey(write.Item ?? write.Key);
      });
    default:
      return false;
  }
}

/** A table named by name or by ARN (`arn:aws:dynamodb:…:table/<name>`). */
function sameTable(named: string | undefined, table: string): boolean {
  return named === table || (named?.endsWith(`:table/${table}`) ?? false);
}
