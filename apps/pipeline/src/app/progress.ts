/** Progress of one long step: a redrawn bar on a terminal, plain periodic lines otherwise (CI, pipes). */
export interface Progress {
  /** Sets the absolute count done so far. */
  update(done: number): void;
  /** Prints the final line. */
  finish(): void;
}

export interface ProgressOptions {
  /** Total units, if known: enables the bar and the ETA. */
  total?: number;
  /** Unit name printed after counts. Default "items". */
  unit?: string;
  /** The stream to write to. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when not on a terminal. Default 5. */
  plainIntervalSeconds?: number;
}

/** Terminals with a bar drawn and no newline after it yet. */
const openLines = new WeakSet<NodeJS.WriteStream>();

/** Ends a bar left mid-line (a run stopped before its finish()), so the next message starts on a line of its own. */
export function endProgressLine(stream: NodeJS.WriteStream = process.stderr): void {
  if (openLines.delete(stream)) stream.write('\n');
}

export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const { total, unit = 'items', stream = process.stderr, plainIntervalSeconds = 5 } = options;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const started = performance.now();
  let done = 0;
  let lastDraw = 0;

  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const count = total ? `${fmt(done)}/${fmt(total)} ${unit}` : `${fmt(done)} ${unit}`;
    const eta = total && rate > 0 && done < total ? `, ETA ${Math.ceil((total - done) / rate)} s` : '';
    const bar = total && tty ? `${renderBar(done / total)} ` : '';
    return `${label.padEnd(10)} ${bar}${count}, ${fmt(Math.round(rate))} ${unit}/s${eta}`;
  };

  return {
    update(value) {
      done = value;
      const now = performance.now();
      if (tty && now - lastDraw > 100) {
        stream.write(`\r${line()}\x1b[K`);
        openLines.add(stream);
        lastDraw = now;
      } else if (!tty && now - lastDraw > plainIntervalSeconds * 1000) {
        stream.write(`${line()}\n`);
        lastDraw = now;
      }
    },
    finish() {
      stream.write(tty ? `\r${line()}\x1b[K\n` : `${line()}\n`);
      openLines.delete(stream);
    },
  };
}

function renderBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}
