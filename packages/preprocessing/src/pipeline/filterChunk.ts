import { filtfiltPadded, sosfiltfiltPadlen } from '../filter/sosfiltfilt';
import { RecomputeError } from '@spyglass-recompute/errors';
import { referenceVector } from '../reference/referenceVector';
import type { ReferenceMode, TraceDtype } from '../reference/referenceTraces';

/** One filter call: raw rows of a chunk plus its margins, and how to reference them. */
export interface FilterChunkInput {
  /** Row-major `(leftMargin + rows + rightMargin) × nColumns` raw int16 samples. */
  raw: Int16Array;
  nColumns: number;
  /** Columns of `raw` that are output channels, in output order. */
  channelColumns: number[];
  /** Reference (a `single` column indexes `raw`); ignored when `referenceValues` is given. */
  reference: ReferenceMode;
  /** Precomputed per-row reference (see `referenceVector`), e.g. shared by channel groups (may live in a SharedArrayBuffer). */
  referenceValues?: Float64Array;
  leftMargin: number;
  rightMargin: number;
  sos: Float64Array;
  zi: Float64Array;
  /** Trace dtype: v0 int16 (wrapping reference, numpy astype output), v1 float64. */
  dtype: TraceDtype;
}

/** Channels filtered per group (each needs one `rows + 2·padlen` float64 buffer). */
const GROUP_CHANNELS = 8;
/** Rows per gather/scatter tile, so strided rows stay in cache across a channel group. */
const TILE_ROWS = 512;

/** Reusable float64 work buffers for {@link filterChunk} (one per thread). */
export interface FilterWorkspace {
  exts: Float64Array[];
}

/** A workspace to pass to successive {@link filterChunk} calls on one thread. */
export function createFilterWorkspace(): FilterWorkspace {
  return { exts: [] };
}

/**
 * spikeinterface `FilterRecordingSegment.get_traces` over a `common_reference` parent for
 * one chunk: reference in the output dtype (int16 wraps), `sosfiltfilt` over chunk +
 * margins, crop the margins, cast to the output dtype (`astype(int16)` for v0). Referencing
 * is fused into the per-channel gather, so the referenced matrix is never materialised.
 * Pure; runs in a worker or inline.
 *
 * @returns row-major `rows × channelColumns.length` traces (int16 for v0, float64 for v1).
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when chunk + margins is not longer than padlen.
 */
export function filterChunk(input: FilterChunkInput, workspace: FilterWorkspace = createFilterWorkspace()): Int16Array | Float64Array {
  const { raw, nColumns, channelColumns, reference, referenceValues, leftMargin, rightMargin, sos, zi, dtype } = input;
  const nChannels = channelColumns.length;
  const nRows = raw.length / nColumns;
  const padlen = sosfiltfiltPadlen(sos);
  if (nRows <= padlen) {
    throw new RecomputeError({
      code: 'SEGMENT_TOO_SHORT',
      message: `a filter chunk of ${nRows} samples is too short to filter: scipy sosfiltfilt needs more than padlen = ${padlen} samples`,
      details: { samples: nRows, padlen },
    });
  }
  const ref = referenceValues ?? referenceVector(raw, nColumns, channelColumns, reference, dtype);
  const outRows = nRows - leftMargin - rightMargin;
  const isInt16 = dtype === 'int16';
  if (!isInt16 && nChannels === 1) {
    // one float64 channel: the filtered work buffer already is the output, no copy
    const ext = new Float64Array(nRows + 2 * padlen);
    const col = channelColumns[0];
    for (let i = 0; i < nRows; i++) ext[padlen + i] = raw[i * nColumns + col] - ref[i];
    filtfiltPadded(sos, zi, ext, padlen, nRows, false);
    return ext.subarray(padlen + leftMargin, padlen + leftMargin + outRows);
  }
  const out = isInt16 ? new Int16Array(outRows * nChannels) : new Float64Array(outRows * nChannels);
  const group = Math.min(nChannels, GROUP_CHANNELS);
  const extLen = nRows + 2 * padlen;
  // work buffers are reused across calls on this thread (grown when a chunk is longer)
  const exts = workspace.exts;
  for (let g = 0; g < group; g++) if (!exts[g] || exts[g].length < extLen) exts[g] = new Float64Array(extLen);
  const state = new Float64Array(zi.length);
  for (let c0 = 0; c0 < nChannels; c0 += group) {
    const gSize = Math.min(group, nChannels - c0);
    for (let r0 = 0; r0 < nRows; r0 += TILE_ROWS) {
      const r1 = Math.min(nRows, r0 + TILE_ROWS);
      for (let g = 0; g < gSize; g++) {
        const ext = exts[g];
        const col = channelColumns[c0 + g];
        if (isInt16) {
          // int16 subtraction wraps, as numpy does on int16 traces
          for (let i = r0; i < r1; i++) ext[padlen + i] = ((raw[i * nColumns + col] - ref[i] + 32768) & 0xffff) - 32768;
        } else {
          for (let i = r0; i < r1; i++) ext[padlen + i] = raw[i * nColumns + col] - ref[i];
        }
      }
    }
    for (let g = 0; g < gSize; g++) filtfiltPadded(sos, zi, exts[g], padlen, nRows, isInt16, state);
    const from = padlen + leftMargin;
    for (let r0 = 0; r0 < outRows; r0 += TILE_ROWS) {
      const r1 = Math.min(outRows, r0 + TILE_ROWS);
      for (let g = 0; g < gSize; g++) {
        const ext = exts[g];
        const c = c0 + g;
        if (isInt16) {
          for (let i = r0; i < r1; i++) {
            // numpy astype(int16): truncate, int32 conversion (NaN/out of range -> INT32_MIN), low 16 bits
            const t = Math.trunc(ext[from + i]);
            out[i * nChannels + c] = t >= -2147483648 && t < 2147483648 ? t : 0;
          }
        } else {
          for (let i = r0; i < r1; i++) out[i * nChannels + c] = ext[from + i];
        }
      }
    }
  }
  return out;
}
