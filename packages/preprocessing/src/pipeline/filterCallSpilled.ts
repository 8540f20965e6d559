import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { checkedPadlen, sosfiltRun } from '../filter/sosfiltfilt';
import { preprocessingErrors } from '../preprocessingErrors';
import type { ReferenceMode } from '../reference/referenceTraces';
import { referenceVector } from '../reference/referenceVector';

/** One long float64 filter call, described without its samples (they are read in blocks). */
export interface SpilledFilterCallInput {
  /** Raw int16 rows `[a, b)` of the call (margins included, row 0 = first margin row), all `nColumns` columns. */
  readRows: (a: number, b: number) => Int16Array;
  /** Rows of the call including both margins. */
  nRows: number;
  nColumns: number;
  /** Columns of the raw rows that are output channels, in output order. */
  channelColumns: number[];
  reference: ReferenceMode;
  leftMargin: number;
  rightMargin: number;
  sos: Float64Array;
  zi: Float64Array;
  /** File the forward pass is spilled to (created, removed when done or on error). */
  spillPath: string;
  /** Rows per block read, filtered, spilled and yielded. @default 65536 */
  blockRows?: number;
}

/** Output rows `[start, end)` of the call (margins cropped: row 0 is the first output row), row-major float64. */
export interface SpilledFilterBlock {
  start: number;
  end: number;
  data: Float64Array;
}

const DOUBLE = 8;

function readDoubles(fd: number, into: Float64Array, position: number): void {
  const bytes = Buffer.from(into.buffer, into.byteOffset, into.byteLength);
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw preprocessingErrors.spillEnded(position + done);
    done += n;
  }
}

function writeDoubles(fd: number, from: Float64Array, position: number): void {
  const bytes = Buffer.from(from.buffer, from.byteOffset, from.byteLength);
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/**
 * spikeinterface's float64 `get_traces` of one filter call (reference, scipy `sosfiltfilt`
 * with odd padding over chunk + margins, margins cropped) in memory bounded by `blockRows`
 * whatever the call's length: hdmf >= 3.9 makes a v1 buffer (one call) as large as 5 GB.
 *
 * The forward pass runs block by block with the filter state carried over and spills its
 * output channel-major to `spillPath`; the backward pass reads the blocks back from the end,
 * filters them in place (state carried) and writes them back; then the output rows are read
 * back in order. Every sample goes through the same operations in the same order as
 * `filtfiltPadded` over the whole call, so the result is bit-identical to filtering the call
 * in one piece. The right padding's forward output (padlen samples) stays in memory; the
 * left padding's backward output is cropped and so never computed.
 *
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when the call is not longer than padlen.
 */
export function* filterCallSpilled(input: SpilledFilterCallInput): Generator<SpilledFilterBlock> {
  const { readRows, nRows, nColumns, channelColumns, reference, leftMargin, rightMargin, sos, zi, spillPath } = input;
  const blockRows = Math.max(1, input.blockRows ?? 65536);
  const nChannels = channelColumns.length;
  const padlen = checkedPadlen(nRows, sos);
  const nStates = zi.length;
  /** Referenced float64 traces of rows [a, b), channel-major (`nChannels × (b − a)`). */
  const traces = (a: number, b: number): Float64Array => {
    const raw = readRows(a, b);
    const ref = referenceVector(raw, nColumns, channelColumns, reference, 'float64');
    const n = b - a;
    const out = new Float64Array(nChannels * n);
    for (let c = 0; c < nChannels; c++) {
      const col = channelColumns[c];
      for (let i = 0; i < n; i++) out[c * n + i] = raw[i * nColumns + col] - ref[i];
    }
    return out;
  };
  const head = traces(0, padlen + 1);
  const tail = traces(nRows - padlen - 1, nRows);
  const states = new Float64Array(nChannels * nStates);
  const stateOf = (c: number): Float64Array => states.subarray(c * nStates, (c + 1) * nStates);
  const rightPads: Float64Array[] = [];
  const fd = openSync(spillPath, 'w+');
  try {
    ftruncateSync(fd, nRows * nChannels * DOUBLE);
    const channelOffset = (c: number, row: number): number => (c * nRows + row) * DOUBLE;
    // Forward pass: left padding, the call's rows (spilled), right padding (kept).
    for (let c = 0; c < nChannels; c++) {
      const h = head.subarray(c * (padlen + 1), (c + 1) * (padlen + 1));
      const leftPad = new Float64Array(padlen);
      for (let i = 1; i <= padlen; i++) leftPad[padlen - i] = 2 * h[0] - h[i];
      const state = stateOf(c);
      for (let k = 0; k < nStates; k++) state[k] = zi[k] * leftPad[0];
      sosfiltRun(sos, state, leftPad, 0, padlen, 1);
    }
    for (let r0 = 0; r0 < nRows; r0 += blockRows) {
      const r1 = Math.min(nRows, r0 + blockRows);
      const block = traces(r0, r1);
      const n = r1 - r0;
      for (let c = 0; c < nChannels; c++) {
        const x = block.subarray(c * n, (c + 1) * n);
        sosfiltRun(sos, stateOf(c), x, 0, n, 1);
        writeDoubles(fd, x, channelOffset(c, r0));
      }
    }
    for (let c = 0; c < nChannels; c++) {
      const t = tail.subarray(c * (padlen + 1), (c + 1) * (padlen + 1));
      const last = t[padlen];
      const rightPad = new Float64Array(padlen);
      for (let i = 1; i <= padlen; i++) rightPad[i - 1] = 2 * last - t[padlen - i];
      sosfiltRun(sos, stateOf(c), rightPad, 0, padlen, 1);
      rightPads.push(rightPad);
    }
    // Backward pass from the end of the right padding, blocks read back in reverse.
    for (let c = 0; c < nChannels; c++) {
      const rightPad = rightPads[c];
      const state = stateOf(c);
      const y0 = rightPad[padlen - 1];
      for (let k = 0; k < nStates; k++) state[k] = zi[k] * y0;
      sosfiltRun(sos, state, rightPad, padlen - 1, -1, -1);
    }
    const firstKept = leftMargin;
    const buffer = new Float64Array(blockRows);
    for (let r1 = nRows; r1 > firstKept; r1 -= blockRows) {
      const r0 = Math.max(firstKept, r1 - blockRows);
      const n = r1 - r0;
      const x = buffer.subarray(0, n);
      for (let c = 0; c < nChannels; c++) {
        readDoubles(fd, x, channelOffset(c, r0));
        sosfiltRun(sos, stateOf(c), x, n - 1, -1, -1);
        writeDoubles(fd, x, channelOffset(c, r0));
      }
      if (r0 === firstKept) break;
    }
    // Output rows in order, row-major.
    const outRows = nRows - leftMargin - rightMargin;
    const column = new Float64Array(blockRows);
    for (let o0 = 0; o0 < outRows; o0 += blockRows) {
      const o1 = Math.min(outRows, o0 + blockRows);
      const n = o1 - o0;
      const data = new Float64Array(n * nChannels);
      const x = column.subarray(0, n);
      for (let c = 0; c < nChannels; c++) {
        readDoubles(fd, x, channelOffset(c, leftMargin + o0));
        for (let i = 0; i < n; i++) data[i * nChannels + c] = x[i];
      }
      yield { start: o0, end: o1, data };
    }
  } finally {
    closeSync(fd);
    rmSync(spillPath, { force: true });
  }
}
