// A real HTTP proxy on loopback between the SDK and DynamoDB Local that disturbs
// BatchWriteItem requests: throttling answers, 500s, connections dropped before or after
// the request reached the server, and partial batches (only some items forwarded, the
// rest returned as UnprocessedItems). Everything else passes through untouched.
// With `cutAfter`, it plays a process killed mid-run: request number `cutAfter` reaches the
// server but its answer is lost, and every later request is dropped unsent.
// With `every`, it plays a sick server for every request: 'stall' accepts and never answers;
// 'drip' forwards and sends the answer a few bytes at a time (slow, but alive).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'throttle' | 'throttling' | 'server-error' | 'drop' | 'drop-after-write' | 'partial';

/** Probability of each fault per BatchWriteItem request. */
export type FaultRates = Partial<Record<Fault, number>>;

export interface FaultProxyStats {
  /** Requests of any kind received. */
  requests: number;
  batchWrites: number;
  disturbed: number;
  byFault: Record<Fault, number>;
  /** Put requests that reached DynamoDB Local (re-sends included). */
  forwardedPuts: number;
  /** Forwarded requests that named one key twice (DynamoDB would reject them). */
  requestsWithDuplicateKeys: number;
}

export interface FaultProxy {
  endpoint: string;
  stats: FaultProxyStats;
  close(): Promise<void>;
}

interface WriteRequestJson {
  PutRequest?: { Item: Record<string, { S?: string }> };
}

const JSON_TYPE = 'application/x-amz-json-1.0';

export interface CutOptions {
  /** Requests after which the connection to the server is cut for good. Default: never. */
  cutAfter?: number;
  /** Played on every request, before any other fault: 'stall' or 'drip' (see the top of this file). Default: none. */
  every?: 'stall' | 'drip';
  /** 'drip': bytes per write, and ms between writes. Default: 8 bytes every 20 ms. */
  drip?: { bytes: number; everyMs: number };
}

export async function startFaultProxy(
  target: string,
  rates: FaultRates,
  seed = 1,
  { cutAfter = Infinity, every, drip = { bytes: 8, everyMs: 20 } }: CutOptions = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const stats: FaultProxyStats = {
    requests: 0,
    batchWrites: 0,
    disturbed: 0,
    byFault: { throttle: 0, throttling: 0, 'server-error': 0, drop: 0, 'drop-after-write': 0, partial: 0 },
    forwardedPuts: 0,
    requestsWithDuplicateKeys: 0,
  };
  const pick = (): Fault | undefined => {
    let roll = random();
    for (const [fault, rate] of Object.entries(rates) as [Fault, number][]) {
      if (roll < rate) return fault;
      roll -= rate;
    }
    return undefined;
  };

  const forward = (request: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const outgoing = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, 'content-length': String(body.length) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const countPuts = (body: Buffer) => {
    const parsed = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, WriteRequestJson[]> };
    for (const requests of Object.values(parsed.RequestItems)) {
      const keys = requests.map((r) => `${r.PutRequest?.Item.InvoiceNo?.S}/${r.PutRequest?.Item.StockCode?.S}`);
      if (new Set(keys).size !== keys.length) stats.requestsWithDuplicateKeys += 1;
      stats.forwardedPuts += keys.length;
    }
  };

  const timers = new Set<NodeJS.Timeout>();
  const dripOut = (response: http.ServerResponse, body: Buffer) => {
    let sent = 0;
    const next = () => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (response.destroyed) return;
        const piece = body.subarray(sent, sent + drip.bytes);
        sent += piece.length;
        if (sent >= body.length) response.end(piece);
        else response.write(piece, next);
      }, drip.everyMs);
      timers.add(timer);
    };
    next();
  };

  const reply = (response: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'fault-proxy' });
    response.end(text);
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    stats.requests += 1;
    if (every === 'stall') return; // the socket stays open until the client gives up or the proxy closes
    if (every === 'drip') {
      const answer = await forward(request, body);
      const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
      delete headers['transfer-encoding'];
      response.writeHead(answer.status, headers);
      return dripOut(response, answer.body);
    }
    if (stats.requests > cutAfter) return void request.socket.destroy();
    if (stats.requests === cutAfter) {
      await forward(request, body);
      return void request.socket.destroy();
    }
    const isBatchWrite = String(request.headers['x-amz-target'] ?? '').endsWith('.BatchWriteItem');
    const fault = isBatchWrite ? pick() : undefined;
    if (isBatchWrite) stats.batchWrites += 1;
    if (fault) {
      stats.disturbed += 1;
      stats.byFault[fault] += 1;
    }
    switch (fault) {
      case 'throttle':
        return reply(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'injected by fault proxy' });
      case 'throttling':
        return reply(response, 400, { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'injected by fault proxy' });
      case 'server-error':
        return reply(response, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'injected by fault proxy' });
      case 'drop':
        request.socket.destroy();
        return;
      case 'drop-after-write': {
        countPuts(body);
        await forward(request, body);
        request.socket.destroy();
        return;
      }
      case 'partial': {
        const parsed = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, WriteRequestJson[]>; ReturnConsumedCapacity?: string };
        const [table, requests] = Object.entries(parsed.RequestItems)[0];
        const keep = Math.floor(random() * requests.length);
        const unprocessed = { [table]: requests.slice(keep) };
        if (keep === 0) return reply(response, 200, { UnprocessedItems: unprocessed });
        const partialBody = Buffer.from(JSON.stringify({ ...parsed, RequestItems: { [table]: requests.slice(0, keep) } }));
        countPuts(partialBody);
        const answer = await forward(request, partialBody);
        if (answer.status !== 200) return reply(response, answer.status, JSON.parse(answer.body.toString('utf8')));
        const output = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        return reply(response, 200, { ...output, UnprocessedItems: unprocessed });
      }
      default: {
        if (isBatchWrite) countPuts(body);
        const answer = await forward(request, body);
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(answer.body.length);
        response.writeHead(answer.status, headers);
        response.end(answer.body);
      }
    }
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, response, Buffer.concat(chunks)).catch(() => request.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
