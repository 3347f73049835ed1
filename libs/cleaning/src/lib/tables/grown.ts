/** A copy at least twice as long (and at least `needed` long), for amortized growth. */
export function grown<T extends Int32Array | Float64Array>(a: T, needed = 0): T {
  let n = Math.max(16, a.length * 2);
  while (n < needed) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
