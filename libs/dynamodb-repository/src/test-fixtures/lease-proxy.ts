// A real HTTP proxy on loopback in front of DynamoDB Local whose behaviour a test switches
// while it runs: pass requests through, answer 500 without forwarding, forward a request but
// lose its answer (the connection cut after the server applied it), or drop requests unsent.
// It records the DynamoDB operation (X-Amz-Target) of every request it receives. With `tls`
// it speaks HTTPS (tls/: a self-signed certificate for 127.0.0.1, made for these tests only).
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** The test certificate (PEM) an HTTPS client must trust to reach a `tls` proxy. */
export const LOOPBACK_CERT = readFileSync(path.join(__dirname, 'tls', 'loopback-cert.pem'), 'utf8');
const LOOPBACK_KEY = readFileSync(path.join(__dirname, 'tls', 'loopback-key.pem'), 'utf8');

export type LeaseProxyMode = 'pass' | 'server-error' | 'lose-answer' | 'drop';

export interface LeaseProxy {
  endpoint: string;
  /** What the next requests get; `lose-answer` applies once, then the mode returns to `pass`. */
  mode: LeaseProxyMode;
  /** Operations received, in order (e.g. `UpdateItem`), whatever happened to them. */
  readonly received: string[];
  /** Called with each request's operation as it arrives, before the mode applies. */
  onRequest?: (operation: string) => void;
  close(): Promise<void>;
}

export async function startLeaseProxy(target: string, options: { tls?: boolean } = {}): Promise<LeaseProxy> {
  const upstream = new URL(target);
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

  const proxy: LeaseProxy = {
    endpoint: '',
    mode: 'pass',
    received: [],
    close: () => Promise.resolve(),
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): Promise<void> => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    proxy.received.push(operation);
    proxy.onRequest?.(operation);
    switch (proxy.mode) {
      case 'drop':
        return void request.socket.destroy();
      case 'server-error': {
        const text = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'injected by lease proxy' });
        response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
        return void response.end(text);
      }
      case 'lose-answer':
        proxy.mode = 'pass';
        await forward(request, body);
        return void request.socket.destroy();
      default: {
        const answer = await forward(request, body);
        const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
        delete headers['transfer-encoding'];
        response.writeHead(answer.status, headers);
        response.end(answer.body);
      }
    }
  };

  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void handle(request, response, Buffer.concat(chunks)).catch(() => request.socket.destroy()));
  };
  const server = options.tls ? https.createServer({ key: LOOPBACK_KEY, cert: LOOPBACK_CERT }, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
