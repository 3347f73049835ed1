/**
 * An open-addressing hash table of strings, looked up by a span of a larger text, so
 * a value already seen costs a hash and a compare but no new string. Keys are only
 * materialized (and detached from the big text they were cut from) on first sight.
 */
export interface Interner {
  /** Distinct keys in order of first sight; a key's index is its id. */
  readonly keys: string[];
  /** Id of `text.slice(start, end)`, adding it when new. */
  intern(text: string, start: number, end: number): number;
}

export function createInterner(): Interner {
  const keys: string[] = [];
  let hashes = new Int32Array(64);
  let slots = new Int32Array(128); // id + 1, 0 = empty
  let mask = slots.length - 1;

  const grow = (): void => {
    slots = new Int32Array(slots.length * 2);
    mask = slots.length - 1;
    for (let id = 0; id < keys.length; id++) {
      let s = hashes[id] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
  };

  return {
    keys,
    intern(text, start, end) {
      // FNV-1a. As an int32 from the start: the stored hashes are int32, and the double
      // 0x811c9dc5 left as the hash of '' never matched one, so '' got a new id each time.
      let h = 0x811c9dc5 | 0;
      for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      for (let s = h & mask; ; s = (s + 1) & mask) {
        const slot = slots[s];
        if (slot === 0) break;
        const id = slot - 1;
        if (hashes[id] !== h) continue;
        if (sameText(keys[id], text, start, end)) return id;
      }
      const id = keys.length;
      keys.push(detach(text, start, end));
      if (id === hashes.length) {
        const more = new Int32Array(hashes.length * 2);
        more.set(hashes);
        hashes = more;
      }
      hashes[id] = h;
      if ((id + 1) * 2 > slots.length) grow();
      let s = h & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
      return id;
    },
  };
}

/**
 * Whether `text.slice(start, end)` equals `value`, without making the slice. A slice and
 * a native compare looks cheaper, but at six compares a row the slices were 90 MB of
 * garbage a run, and the collections cost more than the loop (which is short: the values
 * compared are ids, dates, countries).
 */
export function sameText(value: string, text: string, start: number, end: number): boolean {
  const n = value.length;
  if (n !== end - start) return false;
  for (let i = 0; i < n; i++) if (value.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/**
 * A copy of the span that does not keep `text` alive: V8 cuts long slices as views on
 * their parent, which would pin whole files in memory (in the dictionary, in samples).
 */
export function detach(text: string, start = 0, end = text.length): string {
  const s = text.slice(start, end);
  return s.length < 13 ? s : (' ' + s).slice(1);
}
