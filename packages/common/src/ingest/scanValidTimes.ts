import type { Interval, ValidTimesOptions } from '@spyglass-recompute/preprocessing';

/** Reads timestamps `[start, end)`. */
export type TimestampBatchReader = (start: number, end: number) => Float64Array;

/**
 * Spyglass "raw data valid times" over timestamps read in batches, so hours of 30 kHz data
 * never sit in memory at once. Same rule and arithmetic as preprocessing's `rawValidTimes`
 * (which needs the whole array; the two are checked equal in the tests): a gap is a
 * difference greater than `gapProportion / rate`; pieces run from the sample after a gap to
 * the sample before the next, are widened by 1e-7 s, and pieces not longer than
 * `minValidLength` are dropped.
 */
export function scanValidTimes(
  read: TimestampBatchReader,
  numSamples: number,
  rate: number,
  options: ValidTimesOptions & { batchRows?: number } = {},
): Interval[] {
  const { gapProportion = 1.75, minValidLength = 0, batchRows = 1 << 20 } = options;
  if (numSamples === 0) return [];
  const eps = 0.0000001;
  const gapThreshold = gapProportion / rate;
  let previous = Number.NaN;
  let pieceStart = Number.NaN;
  const pieces: Interval[] = [];
  const close = (stopTime: number) => {
    const piece: Interval = [pieceStart - eps, stopTime + eps];
    if (piece[1] - piece[0] > minValidLength) pieces.push(piece);
  };
  for (let start = 0; start < numSamples; start += batchRows) {
    const batch = read(start, Math.min(numSamples, start + batchRows));
    for (let i = 0; i < batch.length; i++) {
      const t = batch[i];
      if (start === 0 && i === 0) {
        pieceStart = t;
      } else if (t - previous > gapThreshold) {
        close(previous);
        pieceStart = t;
      }
      previous = t;
    }
  }
  close(previous);
  return pieces;
}
