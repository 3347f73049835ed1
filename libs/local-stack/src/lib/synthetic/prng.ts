/** A uniform source in [0, 1). Seeded, so the same seed replays the same sequence. */
export type Random = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter), seeded through splitmix32 so that
 * nearby seeds (42, 43) still give unrelated streams. Pure 32-bit integer arithmetic:
 * identical output on every platform and Node version.
 */
export function sfc32(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a fresh counter are weakly mixed; burn a few.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** An integer in [0, n). */
export function randomInt(rand: Random, n: number): number {
  return Math.floor(rand() * n);
}

/** Picks among items with the given (not necessarily normalised) weights, by binary search. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rand: Random) => T {
  const items = entries.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) cumulative.push((total += weight));
  return (rand) => {
    const target = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}
