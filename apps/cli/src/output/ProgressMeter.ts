/** Options of {@link ProgressMeter}. */
export interface ProgressMeterOptions {
  /** What is counted, plural (`recordings`, `objects`). */
  unit: string;
  /** Where lines go (the CLI passes its stderr progress writer, silent with --json or a non-TTY stderr). */
  write: (line: string) => void;
  /** @default Date.now */
  clock?: () => number;
  /** At most one line per this many ms (the last item always prints). @default 1000 */
  intervalMs?: number;
}

/**
 * `label: 3/10 recordings · 0.8/s · ETA 9 s` lines for long loops: the rate is over everything
 * done so far, the ETA assumes the remaining items take as long on average.
 */
export class ProgressMeter {
  private readonly started: number;
  private lastWritten = Number.NEGATIVE_INFINITY;
  private readonly clock: () => number;
  private readonly intervalMs: number;

  constructor(
    private readonly label: string,
    private readonly options: ProgressMeterOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.intervalMs = options.intervalMs ?? 1000;
    this.started = this.clock();
  }

  /** Reports `done` of `total` items (`detail`: the item just finished). */
  update(done: number, total: number, detail?: string): void {
    const now = this.clock();
    if (done < total && now - this.lastWritten < this.intervalMs) return;
    this.lastWritten = now;
    this.options.write(formatProgress(this.label, this.options.unit, done, total, (now - this.started) / 1000, detail));
  }
}

/** One progress line; exported for tests. */
export function formatProgress(label: string, unit: string, done: number, total: number, elapsedSeconds: number, detail?: string): string {
  const parts = [`${label}: ${done}/${total} ${unit}`];
  if (elapsedSeconds > 0 && done > 0) {
    const rate = done / elapsedSeconds;
    parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(rate >= 1 ? 1 : 2)}/s`);
    parts.push(done < total ? `ETA ${formatSeconds((total - done) / rate)}` : `done in ${formatSeconds(elapsedSeconds)}`);
  }
  return parts.join(' · ') + (detail ? ` (${detail})` : '');
}

/** `42 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
