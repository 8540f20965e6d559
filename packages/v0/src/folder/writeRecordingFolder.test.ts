import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildV0Recording } from './buildV0Recording';
import { readNwbTimestamps } from './readNwbRecordingSource';
import { fixtureV0Input, int16Chunks, listFiles, readNpyData, SPIKESORTING_FIXTURES } from './test-support/fixtureRecording';
import { writeRecordingFolder } from './writeRecordingFolder';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'v0-folder-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes the folder for a fixture variant/group and returns its path and the golden folder. */
async function writeFixtureFolder(variant: string, folderSet: string, group: string, tracesFile: (golden: string) => Promise<Buffer>) {
  const name = `oracle_raw.nwb_sortint_${group}_default`;
  const goldenFolder = path.join(SPIKESORTING_FIXTURES, variant, folderSet, name);
  const { input, rawPath, seriesPath } = await fixtureV0Input(variant, group);
  const recording = buildV0Recording(input);
  const [start, end] = input.framePieces[0] as readonly [number, number];
  const folderPath = path.join(work, variant, folderSet, name);
  const traces = await tracesFile(goldenFolder);
  await writeRecordingFolder({
    folderPath,
    recording,
    segments: [{ traces: int16Chunks(traces, recording.channelIds.length, 7001), times: readNwbTimestamps(rawPath, seriesPath, start, end, 50000) }],
  });
  return { folderPath, goldenFolder };
}

async function expectSameFolder(folderPath: string, goldenFolder: string): Promise<void> {
  const goldenFiles = await listFiles(goldenFolder);
  expect(await listFiles(folderPath)).toEqual(goldenFiles);
  expect(goldenFiles).toHaveLength(18);
  for (const file of goldenFiles) {
    const [ours, theirs] = await Promise.all([readFile(path.join(folderPath, file)), readFile(path.join(goldenFolder, file))]);
    if (file.endsWith('.json')) expect({ file, text: ours.toString('utf8') }).toEqual({ file, text: theirs.toString('utf8') });
    else expect({ file, equal: ours.equals(theirs) }).toEqual({ file, equal: true });
  }
}

describe('writeRecordingFolder reproduces the spikeinterface 0.99.1 folders byte for byte', () => {
  test.each(['0', '1'])('short, sort group %s (10 s chunks)', async (group) => {
    const { folderPath, goldenFolder } = await writeFixtureFolder('short', 'v0', group, () =>
      readNpyData(path.join(SPIKESORTING_FIXTURES, 'short', 'npy', `v0_group${group}_filtered_int16.npy`)),
    );
    await expectSameFolder(folderPath, goldenFolder);
  });

  test.each(['0', '1'])('short, sort group %s (1 s chunks)', async (group) => {
    const { folderPath, goldenFolder } = await writeFixtureFolder('short', 'v0_chunk1000ms', group, () =>
      readNpyData(path.join(SPIKESORTING_FIXTURES, 'short', 'npy', `v0_group${group}_filtered_int16_chunk1000ms.npy`)),
    );
    await expectSameFolder(folderPath, goldenFolder);
  });

  test.each(['0', '1'])('long, sort group %s (metadata; golden traces fed back)', async (group) => {
    const { folderPath, goldenFolder } = await writeFixtureFolder('long', 'v0', group, (golden) => readFile(path.join(golden, 'traces_cached_seg0.raw')));
    await expectSameFolder(folderPath, goldenFolder);
  });
});
