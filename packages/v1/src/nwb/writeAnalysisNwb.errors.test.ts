import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecomputeError } from '@spyglass-recompute/errors';
import { withH5File, type H5Wasm } from '@spyglass-recompute/nwb';
import { writeAnalysisNwb, type WriteAnalysisNwbOptions } from './writeAnalysisNwb';

const rawPath = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('writeAnalysisNwb input handling', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'v1-nwb-err-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const options = (outputPath: string, rows: number[]): WriteAnalysisNwbOptions => ({
    rawPath,
    outputPath,
    series: {
      numSamples: 10,
      numChannels: 2,
      data: rows.map((start) => ({ start, data: new Float64Array(2 * 5).fill(start) })),
      timestamps: Float64Array.from({ length: 10 }, (_, i) => 1687429800 + i / 30000),
      electrodes: [4, 5],
      conversion: 1.95e-7,
    },
  });

  it('draws uuid4 object ids when none are given and writes into a new folder', async () => {
    const outputPath = path.join(tmp, 'oracle_raw', 'oracle_raw_ABCDEFGHIJ.nwb');
    const result = await writeAnalysisNwb(options(outputPath, [0, 5]));
    expect(Object.values(result.objectIds)).toEqual([
      expect.stringMatching(UUID4),
      expect.stringMatching(UUID4),
      expect.stringMatching(UUID4),
    ]);
    const read = await withH5File(outputPath, 'r', (f) => {
      const series = f.get('acquisition/ProcessedElectricalSeries') as InstanceType<H5Wasm['Group']>;
      const data = f.get('acquisition/ProcessedElectricalSeries/data') as InstanceType<H5Wasm['Dataset']>;
      return {
        fileId: f.attrs.object_id.value,
        seriesId: series.attrs.object_id.value,
        description: series.attrs.description.value,
        data: Array.from(data.value as Float64Array),
        units: f.get('units'),
      };
    });
    expect(read.fileId).toBe(result.objectIds.file);
    expect(read.seriesId).toBe(result.objectIds.series);
    expect(read.description).toBe('Referenced and filtered recording from oracle_raw.nwb for spike sorting');
    expect(read.data).toEqual([...Array(10).fill(0), ...Array(10).fill(5)]);
    expect(read.units).toBeNull();
  });

  it('rejects a data stream with a gap and leaves no file behind', async () => {
    const outputPath = path.join(tmp, 'gap.nwb');
    await expect(writeAnalysisNwb(options(outputPath, [0, 6]))).rejects.toMatchObject({ code: 'NWB_SERIES_INPUT_INVALID' });
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('writes rows that arrive in column groups, and rejects groups out of order or left unfinished', async () => {
    const grouped = (outputPath: string, blocks: { start: number; columnStart: number; columnEnd: number }[]): WriteAnalysisNwbOptions => {
      const base = options(outputPath, []);
      const data = blocks.map((b) => ({
        ...b,
        data: Float64Array.from(
          { length: 5 * (b.columnEnd - b.columnStart) },
          (_, i) => b.start * 10 + b.columnStart + (i % (b.columnEnd - b.columnStart)),
        ),
      }));
      return { ...base, series: { ...base.series, data } };
    };
    const ok = path.join(tmp, 'groups.nwb');
    await writeAnalysisNwb(
      grouped(ok, [
        { start: 0, columnStart: 0, columnEnd: 1 },
        { start: 0, columnStart: 1, columnEnd: 2 },
        { start: 5, columnStart: 0, columnEnd: 2 },
      ]),
    );
    const values = await withH5File(ok, 'r', (f) =>
      Array.from((f.get('acquisition/ProcessedElectricalSeries/data') as InstanceType<H5Wasm['Dataset']>).value as Float64Array),
    );
    expect(values).toEqual([...Array.from({ length: 5 }, () => [0, 1]).flat(), ...Array.from({ length: 5 }, () => [50, 51]).flat()]);

    const swapped = [
      { start: 0, columnStart: 1, columnEnd: 2 },
      { start: 0, columnStart: 0, columnEnd: 1 },
      { start: 5, columnStart: 0, columnEnd: 2 },
    ];
    await expect(writeAnalysisNwb(grouped(path.join(tmp, 'swapped.nwb'), swapped))).rejects.toMatchObject({
      code: 'NWB_SERIES_INPUT_INVALID',
      message: expect.stringContaining('expected columns from 0'),
    });
    const unfinished = [
      { start: 0, columnStart: 0, columnEnd: 2 },
      { start: 5, columnStart: 0, columnEnd: 1 },
    ];
    await expect(writeAnalysisNwb(grouped(path.join(tmp, 'unfinished.nwb'), unfinished))).rejects.toMatchObject({
      code: 'NWB_SERIES_INPUT_INVALID',
      message: expect.stringContaining('column 1'),
    });
    expect(fs.readdirSync(tmp)).toEqual(['groups.nwb']);
  });

  it('rejects a data stream that ends early', async () => {
    await expect(writeAnalysisNwb(options(path.join(tmp, 'short.nwb'), [0]))).rejects.toMatchObject({ code: 'NWB_SERIES_INPUT_INVALID' });
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses to replace an existing file unless asked to', async () => {
    const outputPath = path.join(tmp, 'exists.nwb');
    fs.writeFileSync(outputPath, 'keep me');
    const err = await writeAnalysisNwb(options(outputPath, [0, 5])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecomputeError);
    expect(err).toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(fs.readFileSync(outputPath, 'utf8')).toBe('keep me');
    await writeAnalysisNwb({ ...options(outputPath, [0, 5]), overwrite: true });
    expect(fs.readFileSync(outputPath).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('names the missing raw file', async () => {
    await expect(
      writeAnalysisNwb({ ...options(path.join(tmp, 'x.nwb'), [0, 5]), rawPath: path.join(tmp, 'nope.nwb') }),
    ).rejects.toMatchObject({
      code: 'RAW_FILE_NOT_FOUND',
      message: expect.stringContaining('nope.nwb'),
    });
  });
});
