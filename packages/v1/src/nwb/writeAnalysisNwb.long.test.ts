import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { planPreprocessing, preprocessRecording, segmentTimestamps, withRawRecording } from '@spyglass-recompute/preprocessing';
import { writeAnalysisNwb } from './writeAnalysisNwb';
import type { RowChunk } from './writeProcessedElectricalSeries';

// End to end on the long fixture (no shipped traces): raw NWB → preprocessing (v1 style,
// three 234745-row hdmf buffers) → analysis NWB streamed chunk by chunk → Spyglass digests.
// The long v1 files are not shipped, so the fixed uuid5 object_ids of its series and
// electrodes region are unknown: those two objects' digests (which hash the object_id
// attribute) and hence the file digest cannot match; every other object digest must.
const ID_BEARING = ['acquisition/ProcessedElectricalSeries', 'acquisition/ProcessedElectricalSeries/electrodes'];
const longDir = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/long');
const golden = JSON.parse(fs.readFileSync(path.join(longDir, 'golden.json'), 'utf8'));

describe.each(Object.keys(golden.v1))('writeAnalysisNwb, long sort group %s', (group) => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'v1-nwb-long-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('streams the preprocessed recording into a file whose object digests match the golden ones', async () => {
    const v1 = golden.v1[group];
    const sortGroup = golden.sort_groups[group];
    const outputPath = path.join(tmp, path.basename(v1.file));
    const rawPath = path.join(longDir, 'raw', 'oracle_raw.nwb');
    const [t0, t1] = golden.sort_interval.map(Number);
    const result = await withRawRecording(rawPath, async (reader) => {
      const options = {
        electrodeIds: sortGroup.electrodes,
        referenceId: sortGroup.ref,
        style: 'v1' as const,
        intervals: [[t0, t1] as [number, number]],
        workers: 0,
      };
      const plan = planPreprocessing(reader, options);
      const segment = plan.segments[0];
      async function* rows(): AsyncGenerator<RowChunk> {
        for await (const chunk of preprocessRecording(reader, options, plan))
          yield { start: chunk.start, data: chunk.data as Float64Array };
      }
      return writeAnalysisNwb({
        rawPath,
        outputPath,
        series: {
          numSamples: segment.numSamples,
          numChannels: plan.columns.length,
          data: rows(),
          timestamps: segmentTimestamps(reader, segment),
          electrodes: plan.channelElectrodeIds,
          conversion: reader.conversion * 1e6 * 1e-6,
        },
      });
    });
    expect(result.dataChunks).toEqual(v1.writer.data_chunks);
    expect(result.dataChunks).toEqual(v1.writer.data_iterator_chunk_shape);
    const { objects } = await hashNwbFile(outputPath, { objects: true });
    const expected = v1.hasher_modes.default.objs as Record<string, string | null>;
    const comparable = Object.entries(expected).filter(([k, v]) => v !== null && !k.endsWith('/k'));
    const wrong = comparable.filter(([k, v]) => objects?.[k] !== v).map(([k]) => k);
    expect(wrong.sort()).toEqual([...ID_BEARING].sort());
    expect(Object.keys(objects ?? {}).sort()).toEqual(comparable.map(([k]) => k).sort());
  }, 120_000);
});
