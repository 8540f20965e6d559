import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashDirectory } from '@spyglass-recompute/nwb';
import { planPreprocessing, preprocessRecording, segmentTimestamps, withRawRecording } from '@spyglass-recompute/preprocessing';
import { buildV0Recording } from './buildV0Recording';
import { splitChunksBySegment } from './splitChunksBySegment';
import { fixtureV0Input, goldenDirHash, listFiles, SPIKESORTING_FIXTURES } from './test-support/fixtureRecording';
import { writeRecordingFolder } from './writeRecordingFolder';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'v0-from-raw-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

// Raw NWB → preprocessing stream → folder writer, compared with the Spyglass/spikeinterface folders.
describe('v0 folder regenerated from the raw NWB equals the golden folder byte for byte', () => {
  test.each([
    ['short', '0'],
    ['short', '1'],
    ['long', '0'],
    ['long', '1'],
  ])('%s, sort group %s', async (variant, group) => {
    const { input, rawPath } = await fixtureV0Input(variant, group);
    const recording = buildV0Recording(input);
    const name = `oracle_raw.nwb_sortint_${group}_default`;
    const folderPath = path.join(work, variant, name);
    await withRawRecording(rawPath, async (reader) => {
      const options = {
        electrodeIds: [...input.sortGroup.electrodeIds],
        referenceId: input.sortGroup.referenceElectrodeId,
        style: 'v0' as const,
        ranges: input.framePieces.map(([start, end]) => ({ start, end })),
        frequencyMin: input.filter.frequencyMin as number,
        frequencyMax: input.filter.frequencyMax as number,
        workers: 0,
      };
      const plan = planPreprocessing(reader, options);
      expect(plan.samplingFrequency).toBe(recording.samplingFrequency);
      const traces = splitChunksBySegment(preprocessRecording(reader, options, plan), plan.segments.length);
      await writeRecordingFolder({
        folderPath,
        recording,
        segments: plan.segments.map((segment, k) => ({
          traces: traces[k] as AsyncIterable<Int16Array>,
          times: segmentTimestamps(reader, segment),
        })),
      });
    });
    const goldenFolder = path.join(SPIKESORTING_FIXTURES, variant, 'v0', name);
    const files = await listFiles(goldenFolder);
    expect(await listFiles(folderPath)).toEqual(files);
    for (const file of files) {
      const same = (await readFile(path.join(folderPath, file))).equals(await readFile(path.join(goldenFolder, file)));
      expect({ file, same }).toEqual({ file, same: true });
    }
    expect((await hashDirectory(folderPath)).hash).toBe(await goldenDirHash(variant, group));
  });
});
