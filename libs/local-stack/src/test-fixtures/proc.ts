// What the kernel says, read from Linux's /proc (no `ss`, `netstat` or `ps` needed): the
// tests check real bound addresses and live processes, not what the code says it did.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

export interface ListeningSocket {
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`, ... */
  address: string;
  port: number;
  inode: number;
}

const LISTEN = '0A';

/** Every TCP socket listening on `port`, IPv4 and IPv6. */
export function listeningOn(port: number): ListeningSocket[] {
  return (['tcp', 'tcp6'] as const).flatMap((table) =>
    readFileSync(`/proc/net/${table}`, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.length > 9 && cols[3] === LISTEN)
      .map((cols) => {
        const [hexAddress, hexPort] = cols[1].split(':');
        return { address: decodeAddress(hexAddress), port: parseInt(hexPort, 16), inode: Number(cols[9]) };
      })
      .filter((socket) => socket.port === port),
  );
}

/** The pid holding a socket open, found through /proc/<pid>/fd. */
export function socketOwner(inode: number): number | undefined {
  const link = `socket:[${inode}]`;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === link)) return Number(pid);
    } catch {
      // another user's process, or gone meanwhile
    }
  }
  return undefined;
}

/** This machine's first non-loopback IPv4 address, if it has one. */
export function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** /proc/net/tcp* addresses are 32-bit words in host (little-endian here) byte order. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Live processes, other than this one, whose command line or environment contains `text`. */
export function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return ['cmdline', 'environ'].some((file) => readFileSync(`/proc/${pid}/${file}`, 'latin1').includes(text));
      } catch {
        return false; // another user's process, or gone meanwhile
      }
    })
    .map(Number);
}

/**
 * The process exists and some thread of it has not finished exiting. A thread-group leader shows
 * as a zombie while its other threads still run (and hold its sockets open), so every thread counts.
 */
export function isRunning(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
        return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
      } catch {
        return false; // this thread is gone
      }
    });
  } catch {
    return false; // gone
  }
}

/**
 * Resolves once `condition()` holds, checking every 100 ms; rejects naming `what` after
 * `timeoutMs`, so a test that waits on the kernel never hangs.
 */
export function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`Not true after ${timeoutMs} ms: ${what}`));
      else setTimeout(check, 100);
    };
    check();
  });
}
