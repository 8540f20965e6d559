/** Parameters of the synthetic extracellular signal. */
export interface SyntheticSignalOptions {
  /** Number of channels (4 per tetrode). */
  channels: number;
  /** Samples per second of the generated signal. */
  samplingRate: number;
  /** Seed of the deterministic generator; the same seed gives the same bytes. */
  seed: number;
}

/**
 * Deterministic pseudo-random numbers for sample `index` of `channel` (a stateless hash, so any
 * block can be generated independently and streamed in bounded memory).
 */
function noiseAt(seed: number, channel: number, index: number): number {
  let h = (seed ^ Math.imul(channel + 1, 0x9e3779b1) ^ Math.imul(index, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Int16 traces (row-major: time × channel) for samples `[start, start + count)`: a slow LFP-like
 * oscillation, white noise and sparse biphasic spikes shared by the channels of one tetrode, so
 * referencing and band-pass filtering have realistic work to do.
 */
export function synthesizeTraces(start: number, count: number, options: SyntheticSignalOptions): Int16Array {
  const { channels, samplingRate, seed } = options;
  const out = new Int16Array(count * channels);
  const spikeEvery = Math.max(1, Math.round(samplingRate / 40));
  for (let i = 0; i < count; i += 1) {
    const n = start + i;
    const t = n / samplingRate;
    const lfp = 400 * Math.sin(2 * Math.PI * 8 * t);
    const phase = n % spikeEvery;
    for (let c = 0; c < channels; c += 1) {
      const tetrode = c >> 2;
      const spikeHere = noiseAt(seed, 1000 + tetrode, Math.floor(n / spikeEvery)) < 0.5;
      const spike = spikeHere && phase < 30 ? -900 * Math.sin((Math.PI * phase) / 15) * (1 + 0.1 * (c & 3)) : 0;
      const noise = (noiseAt(seed, c, n) - 0.5) * 120;
      out[i * channels + c] = Math.round(lfp + spike + noise);
    }
  }
  return out;
}

/**
 * Timestamps (Unix-epoch seconds) for samples `[start, start + count)`, with one gap of `gapSeconds`
 * inserted before sample `gapAtSample` — the raw "valid times" then have two pieces.
 */
export function synthesizeTimestamps(
  start: number,
  count: number,
  options: { samplingRate: number; t0: number; gapAtSample: number; gapSeconds: number },
): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const n = start + i;
    out[i] = options.t0 + n / options.samplingRate + (n >= options.gapAtSample ? options.gapSeconds : 0);
  }
  return out;
}
