// Its own module (and the package subpath `@spyglass-recompute/common/id-ranges`): error
// factories of other packages format ids with it without loading this package's index (the
// ingest and preprocessing code), which `recompute v0 status` never needs.

/** Sorted ids with consecutive runs collapsed: `0-3, 8, 10-12` (a 128-channel probe stays one line). */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return '(none)';
  const runs: string[] = [];
  let start = sorted[0]!;
  let previous = start;
  for (const id of [...sorted.slice(1), Number.NaN]) {
    if (id === previous + 1) {
      previous = id;
      continue;
    }
    runs.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = id;
    previous = id;
  }
  return runs.join(', ');
}
