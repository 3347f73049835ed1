import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** A check that throws when the request must not be sent (a lease's `assertHeld`). */
export type WireCheck = () => void;

/** The checks of the fences the current request is sent under, for the code that puts its bytes on a socket. */
const checksInScope = new AsyncLocalStorage<readonly WireCheck[]>();
let subscribed = false;

/**
 * Runs `send` (the rest of an SDK request's middleware and its HTTP handler) so that each HTTP
 * request it makes runs `check` once more at the last instant before its bytes go to the kernel,
 * synchronously with the write: when the request gets its socket (a reused one), or when a new
 * socket has connected (and finished its TLS handshake). If the check throws, the request is
 * destroyed with that error and nothing of it is written.
 *
 * Why not only the middleware's check: between a middleware and the socket there are signing,
 * the handler's own awaits, a wait for a free socket and a connect, each a turn of a busy event
 * loop. A process paused (SIGSTOP, a frozen VM) in that gap sent the write on resume, after
 * another run had taken the lease (the e2e 'stopped past its lease' case, once in six CI runs).
 * Here the gap is the few statements between the check and the write.
 *
 * It works for any client on Node's http/https (the SDK's default handler), through the
 * `http.client.request.created` diagnostics channel: no agent or handler of ours is needed.
 */
export function underWireCheck<T>(check: WireCheck, send: () => Promise<T>): Promise<T> {
  if (!subscribed) {
    subscribed = true;
    subscribe('http.client.request.created', onRequestCreated);
  }
  return checksInScope.run([...(checksInScope.getStore() ?? []), check], send);
}

function onRequestCreated(message: unknown): void {
  const checks = checksInScope.getStore();
  if (checks === undefined) return;
  const request = (message as { request: ClientRequest }).request;
  // 'socket' is emitted synchronously right before the request flushes its buffered bytes to the
  // socket; `on`, not `once`: should a request ever be given another socket, it is checked again.
  request.on('socket', (socket: Socket) => guard(request, socket, checks));
}

function guard(request: ClientRequest, socket: Socket, checks: readonly WireCheck[]): void {
  // A TLS socket an agent hands over connected but mid-handshake (a proxy agent's tunnel) holds the
  // bytes until the handshake ends, as a connecting one does; getProtocol() says 'unknown' then.
  const tls = socket instanceof TLSSocket;
  if (!socket.connecting && !(tls && socket.getProtocol() === 'unknown')) {
    passes(request, checks);
    return;
  }
  // A new socket: the bytes would wait in it for the connection, then leave with no check. Corked,
  // they stay in the stream until the connection is ready (TCP up; for TLS, the handshake done:
  // 'secureConnect' from tls.connect, 'secure' from any TLSSocket) and the check has passed.
  socket.cork();
  const ready = tls ? ['secureConnect', 'secure'] : ['connect'];
  let checked = false;
  const onReady = (): void => {
    // Once: tls.connect emits 'secureConnect' from inside 'secure', and a listener removed during
    // an emit still runs; a second check after the bytes left could fail a write that landed.
    if (checked) return;
    checked = true;
    for (const event of ready) socket.off(event, onReady);
    if (passes(request, checks)) socket.uncork();
  };
  for (const event of ready) socket.once(event, onReady);
}

function passes(request: ClientRequest, checks: readonly WireCheck[]): boolean {
  try {
    for (const check of checks) check();
    return true;
  } catch (error) {
    request.destroy(error as Error);
    return false;
  }
}
