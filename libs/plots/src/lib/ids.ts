// Ids (gradients) must be unique when several charts are inlined into one HTML page.
let next = 0;

/** A document-unique id such as `ecomlake-plot-7-ramp`. */
export function uniqueId(name: string): string {
  next += 1;
  return `ecomlake-plot-${next}-${name}`;
}
