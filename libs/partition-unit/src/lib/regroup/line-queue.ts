/** Physical lines of one input, numbered from a first line, handed out in order to the records the reader reports. */
export interface LineQueue {
  add(lines: readonly Buffer[]): void;
  /** Lines `line` to `line + count - 1`; lines before `line` (blank lines, headers) are passed over. */
  take(line: number, count: number): Buffer[];
  /** The header's `count` lines: the first lines that are not blank. */
  takeHeader(count: number): Buffer[];
}

/**
 * The reader reports where each record is (first line, physical lines spanned), never its raw
 * text; the text comes from here, so a record is written back byte for byte, quotes and line
 * breaks inside fields included. A mismatch would mean this split and the reader's disagree:
 * it throws rather than write another record's bytes.
 */
export function createLineQueue(firstLine: number, source: string): LineQueue {
  let lines: Buffer[] = [];
  let head = 0;
  let next = firstLine; // the line number of lines[head]

  const take = (line: number, count: number): Buffer[] => {
    if (line < next || line - next + count > lines.length - head) {
      throw new Error(`regroup: lines ${line}-${line + count - 1} of ${source} are not where the CSV reader put them (lines ${next}-${next + lines.length - head - 1} are held); this is a bug`);
    }
    head += line - next;
    const out = lines.slice(head, head + count);
    head += count;
    next = line + count;
    // Taken lines are let go in batches, so the array does not grow with the input.
    if (head > 1024 && head * 2 > lines.length) {
      lines = lines.slice(head);
      head = 0;
    }
    return out;
  };

  return {
    add(more) {
      for (const line of more) lines.push(line);
    },
    take,
    takeHeader(count) {
      while (head < lines.length && isBlank(lines[head])) {
        head++;
        next++;
      }
      return take(next, count);
    },
  };
}

/** The reader's blank line: nothing but its line break (`\n`, `\r\n`, or a last line `\r`). */
function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && (line[0] === 10 || line[0] === 13)) || (line.length === 2 && line[0] === 13 && line[1] === 10);
}
