import { preprocessingErrors } from '../preprocessingErrors';

/** Samples/channels matrix in C (row-major, time × channels) order. */
export type TraceArray = Int16Array | Float64Array;

/**
 * scipy `sosfiltfilt`'s default pad length: `3 * ntaps` with
 * `ntaps = 2·nSections + 1 − min(#(b2 == 0), #(a2 == 0))`.
 */
export function sosfiltfiltPadlen(sos: Float64Array): number {
  const nSections = sos.length / 6;
  let b2Zero = 0;
  let a2Zero = 0;
  for (let s = 0; s < nSections; s++) {
    if (sos[s * 6 + 2] === 0) b2Zero++;
    if (sos[s * 6 + 5] === 0) a2Zero++;
  }
  return 3 * (2 * nSections + 1 - Math.min(b2Zero, a2Zero));
}

/**
 * The pad length of a call of `nRows` samples, after scipy's check that the call is longer.
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when `nRows <= padlen`.
 */
export function checkedPadlen(nRows: number, sos: Float64Array): number {
  const padlen = sosfiltfiltPadlen(sos);
  if (nRows <= padlen) {
    throw preprocessingErrors.filterChunkTooShort(nRows, padlen);
  }
  return padlen;
}

/**
 * In-place direct-form-II-transposed cascade over `x[from..to)` (step ±1), exactly the
 * loop of scipy's `_sosfilt_float`: `y = b0·x + z0; z0 = b1·x − a1·y + z1; z1 = b2·x − a2·y`.
 * `state` (nSections × 2) is updated, so a signal filtered in consecutive pieces with the
 * state carried over gets exactly the values of one run.
 */
export function sosfiltRun(sos: Float64Array, state: Float64Array, x: Float64Array, from: number, to: number, step: 1 | -1): void {
  const nSections = sos.length / 6;
  if (nSections === 5) {
    // unrolled for the Spyglass 5-section band-pass: same operations, kept in registers
    // indexed loads/stores only: a destructuring iterator or a method call after the hot loop
    // has no type feedback when the loop is OSR-compiled, and deoptimised it on every call
    const b00 = sos[0],
      b01 = sos[1],
      b02 = sos[2],
      a01 = sos[4],
      a02 = sos[5],
      b10 = sos[6];
    const b11 = sos[7],
      b12 = sos[8],
      a11 = sos[10],
      a12 = sos[11],
      b20 = sos[12],
      b21 = sos[13];
    const b22 = sos[14],
      a21 = sos[16],
      a22 = sos[17],
      b30 = sos[18],
      b31 = sos[19],
      b32 = sos[20];
    const a31 = sos[22],
      a32 = sos[23],
      b40 = sos[24],
      b41 = sos[25],
      b42 = sos[26],
      a41 = sos[28];
    const a42 = sos[29];
    let z00 = state[0],
      z01 = state[1],
      z10 = state[2],
      z11 = state[3],
      z20 = state[4];
    let z21 = state[5],
      z30 = state[6],
      z31 = state[7],
      z40 = state[8],
      z41 = state[9];
    for (let n = from; n !== to; n += step) {
      let xc = x[n];
      let y = b00 * xc + z00;
      z00 = b01 * xc - a01 * y + z01;
      z01 = b02 * xc - a02 * y;
      xc = y;
      y = b10 * xc + z10;
      z10 = b11 * xc - a11 * y + z11;
      z11 = b12 * xc - a12 * y;
      xc = y;
      y = b20 * xc + z20;
      z20 = b21 * xc - a21 * y + z21;
      z21 = b22 * xc - a22 * y;
      xc = y;
      y = b30 * xc + z30;
      z30 = b31 * xc - a31 * y + z31;
      z31 = b32 * xc - a32 * y;
      xc = y;
      y = b40 * xc + z40;
      z40 = b41 * xc - a41 * y + z41;
      z41 = b42 * xc - a42 * y;
      x[n] = y;
    }
    state[0] = z00;
    state[1] = z01;
    state[2] = z10;
    state[3] = z11;
    state[4] = z20;
    state[5] = z21;
    state[6] = z30;
    state[7] = z31;
    state[8] = z40;
    state[9] = z41;
    return;
  }
  for (let n = from; n !== to; n += step) {
    let xc = x[n];
    for (let s = 0; s < nSections; s++) {
      const o = s * 6;
      const y = sos[o] * xc + state[s * 2];
      state[s * 2] = sos[o + 1] * xc - sos[o + 4] * y + state[s * 2 + 1];
      state[s * 2 + 1] = sos[o + 2] * xc - sos[o + 5] * y;
      xc = y;
    }
    x[n] = xc;
  }
}

/** Channels filtered per group (buffers of nRows doubles each). */
const GROUP_CHANNELS = 8;
/** Rows per gather/scatter tile (keeps the strided source rows in cache across the group). */
const TILE_ROWS = 512;

/** Wraps an integer to int16 (two's complement), as numpy int16 arithmetic does. */
function wrapInt16(v: number): number {
  return ((v + 32768) & 0xffff) - 32768;
}

/**
 * The per-channel core of {@link sosfiltfilt}: `ext` holds the signal at
 * `[padlen, padlen + nRows)`; this writes scipy's odd extension around it (in int16
 * arithmetic when `int16Extension`), runs the forward pass from `zi·ext[0]` and the
 * backward pass from `zi·y[-1]`, leaving the result in place.
 */
export function filtfiltPadded(
  sos: Float64Array,
  zi: Float64Array,
  ext: Float64Array,
  padlen: number,
  nRows: number,
  int16Extension: boolean,
  state: Float64Array = new Float64Array(zi.length),
): void {
  const extLen = nRows + 2 * padlen;
  const first = ext[padlen];
  const last = ext[padlen + nRows - 1];
  for (let i = 1; i <= padlen; i++) {
    const left = 2 * first - ext[padlen + i];
    const right = 2 * last - ext[padlen + nRows - 1 - i];
    ext[padlen - i] = int16Extension ? wrapInt16(left) : left;
    ext[padlen + nRows - 1 + i] = int16Extension ? wrapInt16(right) : right;
  }
  const x0 = ext[0];
  for (let k = 0; k < state.length; k++) state[k] = zi[k] * x0;
  sosfiltRun(sos, state, ext, 0, extLen, 1);
  const y0 = ext[extLen - 1];
  for (let k = 0; k < state.length; k++) state[k] = zi[k] * y0;
  sosfiltRun(sos, state, ext, extLen - 1, -1, -1);
}

/** Options of {@link sosfiltfilt}. */
export interface SosfiltfiltOptions {
  /** Steady-state initial conditions from `sosfiltZi(sos)`. */
  zi: Float64Array;
  /** Filtered rows to drop at the start (spikeinterface's left margin). @default 0 */
  cropStart?: number;
  /** Filtered rows to drop at the end (the right margin). @default 0 */
  cropEnd?: number;
}

/**
 * scipy 1.10.1 `sosfiltfilt(sos, x, axis=0)` with the default odd padding, applied to
 * every column of a row-major `nRows × nChannels` matrix. Int16 input keeps scipy's quirk:
 * the odd extension `2·x[0] − x[i]` is computed in int16 arithmetic (wrapping) before the
 * conversion to float64.
 *
 * The result, cropped by `cropStart`/`cropEnd` rows, goes to `output`: a Float64Array, or
 * an Int16Array that receives numpy's `astype(int16)` of each value (see `castToInt16`).
 * `output` may alias a Float64Array `input` (each column is copied out before it is written).
 *
 * @param output row-major `(nRows − cropStart − cropEnd) × nChannels`; a new Float64Array when omitted.
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when `nRows <= padlen` (scipy's "padlen" error).
 */
export function sosfiltfilt<O extends Float64Array | Int16Array = Float64Array>(
  sos: Float64Array,
  input: TraceArray,
  nChannels: number,
  options: SosfiltfiltOptions,
  output?: O,
): O {
  const nRows = input.length / nChannels;
  const padlen = checkedPadlen(nRows, sos);
  const cropStart = options.cropStart ?? 0;
  const cropEnd = options.cropEnd ?? 0;
  const outRows = nRows - cropStart - cropEnd;
  const out = (output ?? new Float64Array(outRows * nChannels)) as O;
  if (out.length !== outRows * nChannels)
    throw new RangeError(`sosfiltfilt: output holds ${out.length} values, expected ${outRows * nChannels}`);
  const castInt16 = out instanceof Int16Array;
  const extLen = nRows + 2 * padlen;
  const { zi } = options;
  const nSections = sos.length / 6;
  const state = new Float64Array(nSections * 2);
  const isInt16 = input instanceof Int16Array;
  // Channels are filtered a group at a time from contiguous per-channel buffers; the
  // strided row-major input is gathered (and the result scattered) in row tiles so each
  // pass over memory serves the whole group instead of one column.
  const group = Math.min(nChannels, GROUP_CHANNELS);
  const exts: Float64Array[] = [];
  for (let g = 0; g < group; g++) exts.push(new Float64Array(extLen));
  for (let c0 = 0; c0 < nChannels; c0 += group) {
    const gSize = Math.min(group, nChannels - c0);
    for (let r0 = 0; r0 < nRows; r0 += TILE_ROWS) {
      const r1 = Math.min(nRows, r0 + TILE_ROWS);
      for (let g = 0; g < gSize; g++) {
        const ext = exts[g];
        const c = c0 + g;
        for (let i = r0; i < r1; i++) ext[padlen + i] = input[i * nChannels + c];
      }
    }
    for (let g = 0; g < gSize; g++) filtfiltPadded(sos, zi, exts[g], padlen, nRows, isInt16, state);
    for (let r0 = 0; r0 < outRows; r0 += TILE_ROWS) {
      const r1 = Math.min(outRows, r0 + TILE_ROWS);
      for (let g = 0; g < gSize; g++) {
        const ext = exts[g];
        const c = c0 + g;
        const from = padlen + cropStart;
        if (castInt16) {
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
