import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withH5File } from '@spyglass-recompute/nwb';
import { writeSyntheticRawNwb } from './writeSyntheticRawNwb';
import { synthesizeTraces } from './synthesizeTraces';

describe('writeSyntheticRawNwb', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'synthetic-raw-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes an ElectricalSeries with a timestamp gap, tetrode groups and the electrodes table', async () => {
    const filePath = path.join(dir, 'demo.nwb');
    const written = await writeSyntheticRawNwb({ filePath, durationSeconds: 3, tetrodes: 2, seed: 7 });
    expect(written).toEqual({ filePath, samples: 90_000, channels: 8 });
    await withH5File(filePath, 'r', (file) => {
      const data = file.get('acquisition/e-series/data') as unknown as { shape: number[]; slice(r: number[][]): Int16Array };
      expect(data.shape).toEqual([90_000, 8]);
      expect(
        Array.from(
          data.slice([
            [70_000, 70_002],
            [0, 8],
          ]),
        ),
      ).toEqual(Array.from(synthesizeTraces(70_000, 2, { channels: 8, samplingRate: 30_000, seed: 7 })));
      const ts = (file.get('acquisition/e-series/timestamps') as unknown as { value: Float64Array }).value;
      const diffs = Array.from(ts.subarray(1)).map((t, i) => t - ts[i]!);
      expect(diffs.filter((d) => d > 0.5)).toHaveLength(1);
      expect(file.get('general/extracellular_ephys')!).toBeDefined();
      const groups = (file.get('general/extracellular_ephys') as unknown as { keys(): string[] }).keys();
      expect(groups).toEqual(expect.arrayContaining(['0', '1', 'electrodes']));
      const ids = (file.get('general/extracellular_ephys/electrodes/id') as unknown as { value: BigInt64Array }).value;
      expect(Array.from(ids, Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });
  });

  it('is deterministic for a seed', () => {
    const a = synthesizeTraces(123, 50, { channels: 4, samplingRate: 30_000, seed: 1 });
    const b = synthesizeTraces(123, 50, { channels: 4, samplingRate: 30_000, seed: 1 });
    const c = synthesizeTraces(123, 50, { channels: 4, samplingRate: 30_000, seed: 2 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
