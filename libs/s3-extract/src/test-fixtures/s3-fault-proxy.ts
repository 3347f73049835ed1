// A real HTTP proxy on loopback between the SDK and the embedded S3 (s3rver) that disturbs the
// answers to chosen requests (by default GETs of an object), the first `times` of them, the way a
// bad network or an overloaded server does. Everything else passes through untouched.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type S3Fault =
  /** Accepts the request and never answers. */
  | 'stall'
  /** Sends the headers and part of the body, then goes silent with the connection open. */
  | 'stall-body'
  /** Sends the headers and part of the body, then drops the connection. */
  | 'cut'
  /** Content-Length says N; sends fewer bytes, then closes the connection gracefully. */
  | 'short'
  /** Rewrites Content-Length to a shorter length and sends that many bytes: a complete-looking, short answer. */
  | 'short-clean'
  /** Answers 503 SlowDown, as S3 does when it sheds load. */
  | 'slow-down'
  /** Sends the whole answer a few bytes at a time with a pause between: slow, but alive. */
  | 'drip';

export interface S3FaultProxyOptions {
  readonly fault: S3Fault;
  /** How many matching requests get the fault; later ones pass through. Default: all. */
  readonly times?: number;
  /** Which requests are disturbed. Default: GETs of an object (not listings). */
  readonly match?: (request: http.IncomingMessage) => boolean;
  /** Body bytes sent before the fault strikes. Default: half the body ('cut', 'stall-body'); all but the last 5 ('short', 'short-clean'). */
  readonly keepBytes?: (length: number) => number;
  /** 'drip': bytes per write, and ms between writes. Default: 16 bytes every 20 ms. */
  readonly drip?: { readonly bytes: number; readonly everyMs: number };
}

export interface S3FaultProxyStats {
  /** Requests received, of any kind. */
  requests: number;
  /** Requests that got the fault. */
  faulted: number;
  /** The Range header of every object GET, '' when absent, in order. */
  objectGetRanges: string[];
}

export interface S3FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client's `endpoint` here. */
  readonly endpoint: string;
  readonly stats: S3FaultProxyStats;
  close(): Promise<void>;
}

/** A GET of an object in path style (`/bucket/key`), as opposed to a listing (`/bucket?list-type=2…`). */
export function isObjectGet(request: http.IncomingMessage): boolean {
  return request.method === 'GET' && /^\/[^/?]+\/[^?]/.test(request.url ?? '');
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>' +
  '<RequestId>fault-proxy</RequestId></Error>';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export async function startS3FaultProxy(target: string, options: S3FaultProxyOptions): Promise<S3FaultProxy> {
  const upstream = new URL(target);
  const { fault, times = Infinity, match = isObjectGet, drip = { bytes: 16, everyMs: 20 } } = options;
  const keepBytes = options.keepBytes ?? ((length: number) => (fault === 'short' || fault === 'short-clean' ? Math.max(0, length - 5) : Math.floor(length / 2)));
  const stats: S3FaultProxyStats = { requests: 0, faulted: 0, objectGetRanges: [] };
  const timers = new Set<NodeJS.Timeout>();

  const forward = (request: http.IncomingMessage, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const outgoing = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
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

  // A HEAD answer has no body but keeps the object's Content-Length.
  const headersOf = (request: http.IncomingMessage, answer: Answer, length: number): http.OutgoingHttpHeaders => {
    const headers: http.OutgoingHttpHeaders = { ...answer.headers };
    if (request.method !== 'HEAD') headers['content-length'] = String(length);
    delete headers['transfer-encoding'];
    delete headers.connection;
    return headers;
  };

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

  const play = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): Promise<void> => {
    if (fault === 'stall') return; // the socket stays open until the client gives up or the proxy closes
    if (fault === 'slow-down') {
      response.writeHead(503, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(SLOW_DOWN), 'x-amz-request-id': 'fault-proxy' });
      response.end(request.method === 'HEAD' ? undefined : SLOW_DOWN);
      return;
    }
    const answer = await forward(request, body);
    if (answer.status >= 300) {
      response.writeHead(answer.status, headersOf(request, answer, answer.body.length));
      response.end(answer.body);
      return;
    }
    const kept = answer.body.subarray(0, keepBytes(answer.body.length));
    switch (fault) {
      case 'drip':
        response.writeHead(answer.status, headersOf(request, answer, answer.body.length));
        dripOut(response, answer.body);
        return;
      case 'short-clean':
        response.writeHead(answer.status, headersOf(request, answer, kept.length));
        response.end(kept);
        return;
      case 'stall-body':
        response.writeHead(answer.status, headersOf(request, answer, answer.body.length));
        response.write(kept);
        return;
      case 'cut':
      case 'short':
        response.writeHead(answer.status, headersOf(request, answer, answer.body.length));
        response.write(kept, () => (fault === 'cut' ? response.socket?.destroy() : response.socket?.end()));
        return;
    }
  };

  const passThrough = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): Promise<void> => {
    const answer = await forward(request, body);
    response.writeHead(answer.status, headersOf(request, answer, answer.body.length));
    response.end(answer.body);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      stats.requests += 1;
      if (isObjectGet(request)) stats.objectGetRanges.push(String(request.headers.range ?? ''));
      const disturb = match(request) && stats.faulted < times;
      if (disturb) stats.faulted += 1;
      (disturb ? play : passThrough)(request, response, Buffer.concat(chunks)).catch(() => request.socket.destroy());
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
