import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withH5File } from '@spyglass-recompute/nwb';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { readNpy } from '../io/npy';
import { withRawRecording } from '../io/RawRecordingReader';
import { concatTyped, golden, sameBytes, variantDir } from '../test-support/fixtures';
import { planPreprocessing, preprocessRecording, segmentTimestamps } from './preprocessRecording';
import type { PreprocessOptions } from './preprocessRecording';
import { writePreprocessedNpy } from './writePreprocessedNpy';

const GROUPS = [
  { gid: '0', electrodeIds: [0, 1, 2, 3], referenceId: 4 },
  { gid: '1', electrodeIds: [4, 5, 6, 7], referenceId: -2 },
];

function rawPath(variant: 'short' | 'long'): string {
  return path.join(variantDir(variant), 'raw', 'oracle_raw.nwb');
}

function sortInterval(variant: 'short' | 'long'): [number, number] {
  const [a, b] = golden(variant).sort_interval;
  return [Number(a), Number(b)];
}

async function run(variant: 'short' | 'long', options: PreprocessOptions): Promise<Int16Array | Float64Array> {
  return withRawRecording(rawPath(variant), async (reader) => {
    const parts: (Int16Array | Float64Array)[] = [];
    for await (const chunk of preprocessRecording(reader, options)) parts.push(chunk.data);
    return concatTyped(parts);
  });
}

async function expectCode(p: Promise<unknown> | (() => unknown), code: string, message?: RegExp): Promise<void> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(isRecomputeError(error) && error.code).toBe(code);
  expect(isRecomputeError(error) && error.exitCode).toBe(2);
  if (message) expect((error as Error).message).toMatch(message);
}

describe('preprocessRecording on the short fixture (raw NWB → bit-exact arrays)', () => {
  const npy = path.join(variantDir('short'), 'npy');

  it.each(GROUPS)('v0 group $gid: int16 traces equal spikeinterface (10 s and 1 s chunks)', async ({ gid, electrodeIds, referenceId }) => {
    const base = { electrodeIds, referenceId, style: 'v0' as const, intervals: [sortInterval('short')], workers: 0 };
    const tenSeconds = await run('short', base);
    expect(sameBytes(tenSeconds, (await readNpy(path.join(npy, `v0_group${gid}_filtered_int16.npy`))).data)).toBe(true);
    const fs = Number(golden('short').sampling_frequency_from_median_diff);
    const oneSecond = await run('short', { ...base, chunkSize: Math.trunc(1.0 * fs) });
    expect(sameBytes(oneSecond, (await readNpy(path.join(npy, `v0_group${gid}_filtered_int16_chunk1000ms.npy`))).data)).toBe(true);
  });

  it.each(GROUPS)(
    'v1 group $gid: float64 traces and timestamps equal the analysis NWB data (via writePreprocessedNpy, 2 workers)',
    async ({ gid, electrodeIds, referenceId }) => {
      const out = mkdtempSync(path.join(tmpdir(), 'pp-v1-'));
      try {
        const summary = await writePreprocessedNpy(
          rawPath('short'),
          { electrodeIds, referenceId, style: 'v1', intervals: [sortInterval('short')], workers: 2 },
          out,
        );
        const g = golden('short');
        expect(String(summary.samplingFrequency)).toBe(g.sampling_frequency_from_median_diff);
        expect(summary.margin).toBe(g.filter.margin_samples);
        expect(summary.segments.map((s) => [s.start, s.end])).toEqual(g.v1[gid].consolidated_interval_indices);
        expect(summary.channelIds).toEqual(g.v1[gid].channel_ids);
        const traces = await readNpy(summary.segments[0].tracesFile);
        expect(traces.shape).toEqual([g.v1[gid].num_samples, 4]);
        expect(sameBytes(traces.data, (await readNpy(path.join(npy, `v1_group${gid}_filtered_float64.npy`))).data)).toBe(true);
        const times = await readNpy(summary.segments[0].timesFile);
        expect(sameBytes(times.data, (await readNpy(path.join(npy, `v1_group${gid}_timestamps.npy`))).data)).toBe(true);
        // the .npy header is numpy's own
        const ours = readFileSync(summary.segments[0].tracesFile).subarray(0, 128);
        const theirs = readFileSync(path.join(npy, `v1_group${gid}_filtered_float64.npy`)).subarray(0, 128);
        expect(ours.equals(theirs)).toBe(true);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );

  it.each(GROUPS)(
    'group $gid: splitting chunks into channel groups (small maxTaskBytes) changes nothing, v0 and v1',
    async ({ gid, electrodeIds, referenceId }) => {
      for (const [style, perGroup] of [
        ['v0', 2],
        ['v1', 2],
        ['v1', 1],
        ['v0', 1],
      ] as const) {
        const out = mkdtempSync(path.join(tmpdir(), 'pp-split-'));
        try {
          const options = {
            electrodeIds,
            referenceId,
            style,
            intervals: [sortInterval('short')],
            workers: 2,
            maxTaskBytes: 60000 * (8 * perGroup + perGroup * (style === 'v0' ? 4 : 10)),
          };
          const blocks: [number, number][] = [];
          await withRawRecording(rawPath('short'), async (reader) => {
            for await (const b of preprocessRecording(reader, options)) blocks.push([b.channelStart, b.channelEnd]);
          });
          expect(blocks).toEqual(
            perGroup === 2
              ? [
                  [0, 2],
                  [2, 4],
                ]
              : [
                  [0, 1],
                  [1, 2],
                  [2, 3],
                  [3, 4],
                ],
          );
          const summary = await writePreprocessedNpy(rawPath('short'), options, out);
          const name = style === 'v0' ? `v0_group${gid}_filtered_int16.npy` : `v1_group${gid}_filtered_float64.npy`;
          expect(sameBytes((await readNpy(summary.segments[0].tracesFile)).data, (await readNpy(path.join(npy, name))).data)).toBe(true);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }
    },
  );

  it('v1: a released float64 result is the memory the next call is written into, and the traces do not change', async () => {
    const { electrodeIds, referenceId } = GROUPS[1];
    // short calls (with margins on both sides), filtered on this thread
    const options = { electrodeIds, referenceId, style: 'v1' as const, intervals: [sortInterval('short')], workers: 0, chunkSize: 3000 };
    const unreleased = await run('short', options);
    const buffers = new Set<ArrayBufferLike>();
    const parts: Float64Array[] = [];
    await withRawRecording(rawPath('short'), async (reader) => {
      for await (const chunk of preprocessRecording(reader, options)) {
        parts.push((chunk.data as Float64Array).slice());
        buffers.add(chunk.data.buffer);
        chunk.release();
      }
    });
    expect(parts.length).toBeGreaterThan(2);
    expect(buffers.size).toBe(1);
    expect(sameBytes(concatTyped(parts), unreleased)).toBe(true);
  });

  it('segmentTimestamps reads the concatenated ranges into a given buffer, or fresh memory when it is too small', async () => {
    const ts = (await readNpy(path.join(npy, 'raw_timestamps.npy'))).data as Float64Array;
    const segment = {
      ranges: [
        { start: 100, end: 200 },
        { start: 500, end: 600 },
      ],
      numSamples: 200,
      calls: [],
    };
    const expected = concatTyped([ts.subarray(150, 200), ts.subarray(500, 550)]);
    await withRawRecording(rawPath('short'), (reader) => {
      const target = new Float64Array(120).fill(-1);
      const into = segmentTimestamps(reader, segment, 50, 150, target);
      expect(into.buffer).toBe(target.buffer);
      expect(sameBytes(into, expected)).toBe(true);
      const small = new Float64Array(99);
      const fresh = segmentTimestamps(reader, segment, 50, 150, small);
      expect(fresh.buffer).not.toBe(small.buffer);
      expect(sameBytes(fresh, expected)).toBe(true);
    });
  });

  it('v0 via writePreprocessedNpy writes int16 traces and the golden times_cached_seg0.npy bytes', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pp-v0-'));
    try {
      const summary = await writePreprocessedNpy(
        rawPath('short'),
        { electrodeIds: [0, 1, 2, 3, 4], referenceId: 4, style: 'v0', intervals: [sortInterval('short')], workers: 2 },
        out,
      );
      const g = golden('short');
      expect(summary.channelElectrodeIds).toEqual([0, 1, 2, 3]);
      expect(summary.chunkPlan[0].map((c) => [c.start, c.end])).toEqual(
        g.v0['0'].filter_get_traces_calls.map((c: { start_frame: number; end_frame: number }) => [c.start_frame, c.end_frame]),
      );
      const traces = await readNpy(summary.segments[0].tracesFile);
      expect(sameBytes(traces.data, (await readNpy(path.join(npy, 'v0_group0_filtered_int16.npy'))).data)).toBe(true);
      const times = readFileSync(summary.segments[0].timesFile);
      expect(
        times.equals(readFileSync(path.join(variantDir('short'), 'v0', 'oracle_raw.nwb_sortint_0_default', 'times_cached_seg0.npy'))),
      ).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('preprocessRecording on the long fixture', () => {
  type Call = { start_frame: number; end_frame: number; margin: number; parent_num_samples: number };
  const asCalls = (calls: Call[]): number[][] => calls.map((c) => [c.start_frame, c.end_frame]);

  it.each(GROUPS)(
    'group $gid: slice indices and filter calls (chunks + margins) equal golden.json',
    async ({ gid, electrodeIds, referenceId }) => {
      const g = golden('long');
      await withRawRecording(rawPath('long'), (reader) => {
        for (const style of ['v0', 'v1'] as const) {
          const plan = planPreprocessing(reader, { electrodeIds, referenceId, style, intervals: [sortInterval('long')] });
          const golden = style === 'v0' ? g.v0[gid] : g.v1[gid];
          const indices = style === 'v0' ? golden.sort_interval_frame_indices : golden.consolidated_interval_indices;
          expect(plan.segments.map((s) => [s.ranges[0].start, s.ranges[0].end])).toEqual(indices);
          expect(plan.segments[0].calls.map((c) => [c.start, c.end])).toEqual(asCalls(golden.filter_get_traces_calls));
          for (const [i, c] of plan.segments[0].calls.entries()) {
            const call: Call = golden.filter_get_traces_calls[i];
            expect(plan.margin).toBe(call.margin);
            expect(c.leftMargin).toBe(Math.min(call.start_frame, call.margin));
            expect(c.rightMargin).toBe(Math.min(call.parent_num_samples - call.end_frame, call.margin));
            expect(plan.segments[0].numSamples).toBe(call.parent_num_samples);
          }
        }
      });
    },
  );

  it.each(GROUPS)('group $gid: v0 traces equal the saved traces_cached_seg0.raw bytes', async ({ gid, electrodeIds, referenceId }) => {
    const traces = await run('long', { electrodeIds, referenceId, style: 'v0', intervals: [sortInterval('long')], workers: 2 });
    const saved = readFileSync(path.join(variantDir('long'), 'v0', `oracle_raw.nwb_sortint_${gid}_default`, 'traces_cached_seg0.raw'));
    expect(Buffer.from(traces.buffer, traces.byteOffset, traces.byteLength).equals(saved)).toBe(true);
  });
});

describe('input errors (RecomputeError, exit 2)', () => {
  const short = { electrodeIds: [0, 1, 2, 3], referenceId: 4, style: 'v0' as const, workers: 0 };

  it('names a reference or electrode id that is not in the file', async () => {
    await expectCode(
      run('short', { ...short, referenceId: 42, intervals: [sortInterval('short')] }),
      'ELECTRODE_NOT_IN_FILE',
      /electrode id 42/,
    );
    await expectCode(
      run('short', { ...short, electrodeIds: [0, 99], intervals: [sortInterval('short')] }),
      'ELECTRODE_NOT_IN_FILE',
      /electrode id 99/,
    );
    await expectCode(run('short', { ...short, referenceId: -1, intervals: [sortInterval('short')] }), 'REFERENCE_INVALID', /-1/);
  });

  it('rejects an interval outside the recording', async () => {
    await expectCode(run('short', { ...short, intervals: [[1.0, 2.0]] }), 'INTERVAL_OUTSIDE_DATA', /does not overlap/);
  });

  it('rejects freq_max >= Nyquist', async () => {
    await expectCode(
      run('short', { ...short, frequencyMax: 15000, intervals: [sortInterval('short')] }),
      'FILTER_FREQ_ABOVE_NYQUIST',
      /Nyquist/,
    );
  });

  it('rejects a segment too short to filter, accepts one of padlen + 1 samples', async () => {
    await expectCode(run('short', { ...short, ranges: [{ start: 100, end: 133 }] }), 'SEGMENT_TOO_SHORT', /too short to filter/);
    // shorter than the 149-sample margin but longer than padlen: filters without margins
    const ok = await run('short', { ...short, ranges: [{ start: 100, end: 134 }] });
    expect(ok.length).toBe(34 * 4);
  });

  it('keeps v0 pieces as separate segments (margins never cross a segment edge)', async () => {
    const both = await run('short', {
      ...short,
      ranges: [
        { start: 1000, end: 2000 },
        { start: 5000, end: 6000 },
      ],
    });
    const first = await run('short', { ...short, ranges: [{ start: 1000, end: 2000 }] });
    expect(sameBytes(both.subarray(0, first.length), first)).toBe(true);
  });

  it('rejects acquisition that is not an ElectricalSeries, and a series without timestamps', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-bad-'));
    try {
      const notEs = path.join(dir, 'not_es.nwb');
      await withH5File(notEs, 'w', (f) => {
        const g = f.create_group('acquisition').create_group('position');
        g.create_attribute('neurodata_type', 'SpatialSeries');
      });
      await expectCode(
        withRawRecording(notEs, () => undefined),
        'RAW_NOT_ELECTRICAL_SERIES',
        /position \(SpatialSeries\)/,
      );
      const noTs = path.join(dir, 'no_ts.nwb');
      await withH5File(noTs, 'w', (f) => {
        const g = f.create_group('acquisition').create_group('e-series');
        g.create_attribute('neurodata_type', 'ElectricalSeries');
        g.create_dataset({ name: 'data', data: new Int16Array(8), shape: [4, 2], dtype: '<h' });
      });
      await expectCode(
        withRawRecording(noTs, () => undefined),
        'RAW_TIMESTAMPS_MISSING',
        /no timestamps/,
      );
      await expectCode(
        withRawRecording(path.join(dir, 'missing.nwb'), () => undefined),
        'RAW_FILE_NOT_FOUND',
        /does not exist/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('preprocessRecording, late-2024 writer (hdmf chunk_mb 10: the long fixture in one filter call)', () => {
  const excerpts = path.join(variantDir('long'), '..', '..', 'multiversion', 'long', 'v1_late2024');
  const late = JSON.parse(readFileSync(path.join(excerpts, 'golden.json'), 'utf8'));

  it.each(GROUPS)(
    'v1 group $gid: in memory and spilled in 4096-row blocks, the traces equal the late-2024 file around every buffer edge',
    async ({ gid, electrodeIds, referenceId }) => {
      const spill = mkdtempSync(path.join(tmpdir(), 'pp-spill-'));
      try {
        const base = { electrodeIds, referenceId, style: 'v1' as const, intervals: [sortInterval('long')], hdmfChunkMb: 10, workers: 0 };
        const whole = (await run('long', base)) as Float64Array;
        const ranges: number[][] = [];
        const spilled = (await withRawRecording(rawPath('long'), async (reader) => {
          const parts: Float64Array[] = [];
          for await (const chunk of preprocessRecording(reader, {
            ...base,
            spillDirectory: spill,
            spillAboveBytes: 1,
            maxTaskBytes: 4096 * (2 * 8 + 16 * 4),
          })) {
            ranges.push([chunk.start, chunk.end]);
            parts.push(chunk.data as Float64Array);
          }
          return concatTyped(parts);
        })) as Float64Array;
        expect(ranges.length).toBeGreaterThan(100); // blocks, not the one 585000-row call
        expect(ranges[0]?.[0]).toBe(0);
        expect(ranges.at(-1)?.[1]).toBe(whole.length / 4);
        expect(sameBytes(spilled, whole)).toBe(true);
        for (const window of Object.values(late.groups[gid].vs_reference.data_detail.windows) as {
          start: number;
          stop: number;
          file_late2024: string;
        }[]) {
          const expected = (await readNpy(path.join(excerpts, 'excerpts', window.file_late2024))).data;
          expect([window.file_late2024, sameBytes(whole.subarray(window.start * 4, window.stop * 4), expected)]).toEqual([
            window.file_late2024,
            true,
          ]);
        }
      } finally {
        rmSync(spill, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
