import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile, loadH5wasm, withH5File } from '@spyglass-recompute/nwb';
import type { H5Wasm } from '@spyglass-recompute/nwb';
import { writeAnalysisNwb } from './writeAnalysisNwb';
import type { RowChunk } from './writeProcessedElectricalSeries';
import { readNpy } from './test-support/readNpy';
import { describeH5File, diffDescriptions } from './test-support/describeH5File';

const shortDir = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short');
const golden = JSON.parse(fs.readFileSync(path.join(shortDir, 'golden.json'), 'utf8'));

function* rowChunks(data: Float64Array, columns: number, rows: number): Generator<RowChunk> {
  for (let start = 0; start * columns < data.length; start += rows) {
    yield { start, data: data.subarray(start * columns, Math.min(data.length, (start + rows) * columns)) };
  }
}

describe.each(['0', '1'])('writeAnalysisNwb, short sort group %s', (group) => {
  const v1 = golden.v1[group];
  const goldenPath = path.join(shortDir, 'v1', path.basename(v1.file));
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'v1-nwb-'));
  });
  afterAll(() => {
    if (!process.env.KEEP_V1_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a file identical object by object to the golden Spyglass file', async () => {
    const h5 = await loadH5wasm();
    const ids = await withH5File(goldenPath, 'r', (f) => ({
      file: f.attrs.object_id.value as string,
      series: (f.get('acquisition/ProcessedElectricalSeries') as InstanceType<H5Wasm['Group']>).attrs.object_id.value as string,
      electrodes: (f.get('acquisition/ProcessedElectricalSeries/electrodes') as InstanceType<H5Wasm['Dataset']>).attrs.object_id
        .value as string,
      sourceScript: (f.get('general/source_script') as InstanceType<H5Wasm['Dataset']>).value as string,
    }));
    const traces = readNpy(path.join(shortDir, 'npy', `v1_group${group}_filtered_float64.npy`));
    const timestamps = readNpy(path.join(shortDir, 'npy', `v1_group${group}_timestamps.npy`));
    const [numSamples, numChannels] = traces.shape;
    const outputPath = path.join(tmp, path.basename(v1.file));

    const result = await writeAnalysisNwb({
      rawPath: path.join(shortDir, 'raw', 'oracle_raw.nwb'),
      outputPath,
      objectIds: { file: ids.file, series: ids.series, electrodes: ids.electrodes },
      sourceScript: ids.sourceScript,
      series: {
        numSamples,
        numChannels,
        // Odd-sized chunks exercise the streaming path across HDF5 chunk boundaries.
        data: rowChunks(traces.data as Float64Array, numChannels, 7001),
        timestamps: timestamps.data as Float64Array,
        electrodes: v1.channel_ids,
        conversion: v1.conversion_written,
      },
    });

    expect(result.dataChunks).toEqual(v1.writer.data_chunks);
    expect(result.objectIds).toEqual({ file: ids.file, series: ids.series, electrodes: ids.electrodes });
    expect(fs.readdirSync(tmp)).toEqual([path.basename(v1.file)]); // temp file renamed away

    const want = await withH5File(goldenPath, 'r', (f) => describeH5File(h5, f));
    const got = await withH5File(outputPath, 'r', (f) => describeH5File(h5, f));
    const diffs = diffDescriptions(want, got);
    expect(want.size).toBeGreaterThan(100);
    expect(diffs).toEqual([]);

    // The Spyglass digest (NwbfileHasher, PES rounded to 4 decimals) of the written file.
    expect((await hashNwbFile(outputPath)).hash).toBe(v1.hash_rounding4);
  });

  it('gets the same digest with a fresh random root object_id (the root is never hashed)', async () => {
    const traces = readNpy(path.join(shortDir, 'npy', `v1_group${group}_filtered_float64.npy`));
    const timestamps = readNpy(path.join(shortDir, 'npy', `v1_group${group}_timestamps.npy`));
    const [numSamples, numChannels] = traces.shape;
    const ids = await withH5File(goldenPath, 'r', (f) => ({
      series: (f.get('acquisition/ProcessedElectricalSeries') as InstanceType<H5Wasm['Group']>).attrs.object_id.value as string,
      electrodes: (f.get('acquisition/ProcessedElectricalSeries/electrodes') as InstanceType<H5Wasm['Dataset']>).attrs.object_id
        .value as string,
    }));
    const outputPath = path.join(tmp, 'fresh', path.basename(v1.file));
    const result = await writeAnalysisNwb({
      rawPath: path.join(shortDir, 'raw', 'oracle_raw.nwb'),
      outputPath,
      objectIds: ids,
      series: {
        numSamples,
        numChannels,
        data: [{ start: 0, data: traces.data as Float64Array }],
        timestamps: timestamps.data as Float64Array,
        electrodes: v1.channel_ids,
        conversion: v1.conversion_written,
      },
    });
    expect(result.objectIds.file).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await hashNwbFile(outputPath)).hash).toBe(v1.hash_rounding4);
  });
});
