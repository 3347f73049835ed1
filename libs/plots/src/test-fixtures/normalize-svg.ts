/**
 * Normalizes an SVG for snapshots, like Observable Plot's test harness: ids renumbered in
 * order of appearance, numbers rounded to one decimal, long path data summarized (the
 * world map's outline is tested by structure, not by its 100 kB of coordinates), and one
 * element per line so that diffs read well.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  let out = svg.replace(/ id="([^"]+)"/g, (_, id: string) => {
    const renamed = `id${ids.size}`;
    ids.set(id, renamed);
    return ` id="${renamed}"`;
  });
  for (const [id, renamed] of ids) out = out.split(`#${id})`).join(`#${renamed})`).split(`"#${id}"`).join(`"#${renamed}"`);
  out = out.replace(/ d="([^"]{600,})"/g, (_, d: string) => ` d="[path with ${(d.match(/M/g) ?? []).length} subpaths]"`);
  // Coordinates to 0.1 px, in attribute values only: text (money, counts) is compared as written.
  out = out.replace(/="[^"]*"/g, (attr) => attr.replace(/-?\d+\.\d+(e-?\d+)?/g, (n) => String(Math.round(Number(n) * 10) / 10)));
  return out.replace(/></g, '>\n<');
}
