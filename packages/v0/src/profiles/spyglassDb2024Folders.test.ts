import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { layOutSpyglassFiles, spyglassFixturePath } from '@spyglass-recompute/schema';
import { hashV0Folder } from '../recompute/hashV0Folder';
import { readFolderVersions } from '../recompute/readFolderVersions';
import { detectV0WriterProfile } from './detectV0WriterProfile';

/** The v0 recordings of `spyglass-db-2024/short.summary.json` (what Spyglass 0.5.4's populate wrote). */
interface V0Recording2024 {
  path: string;
  spyglass_hash: string;
  files: string[];
}

// The v0 folders of the Spyglass 0.5.4 lab (spyglass-db-2024): spikeinterface 0.99.1 with
// probeinterface 0.2.24 (probe.json `version`), laid out as in its base dir, through the detection
// `versions populate` runs (V0RecomputePipeline.readVersions) and our DirectoryHasher.
describe('spyglass-db-2024 v0 folders: writer profile and Spyglass hash', () => {
  const fixtureDir = spyglassFixturePath('spyglass-db-2024');
  let baseDir: string;
  let recordings: V0Recording2024[];
  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'sg2024-v0-'));
    await layOutSpyglassFiles(baseDir, fixtureDir);
    const summary = JSON.parse(await readFile(path.join(fixtureDir, 'short.summary.json'), 'utf8')) as {
      v0: Record<string, V0Recording2024>;
    };
    recordings = Object.values(summary.v0);
  });
  afterAll(() => rm(baseDir, { recursive: true, force: true }));

  it('has the two v0 folders of the README, with 18 files each', () => {
    expect(recordings.map((recording) => [recording.path, recording.files.length])).toEqual([
      ['recording/oracle_raw.nwb_sortint_0_default', 18],
      ['recording/oracle_raw.nwb_sortint_1_default', 18],
    ]);
  });

  it.each([0, 1])('group %i: written by spikeinterface 0.99.1 / probeinterface 0.2.24, detected as si-0.99', (group) => {
    const folder = path.join(baseDir, recordings[group]!.path);
    const facts = readFolderVersions(folder);
    expect({ spikeinterface: facts.spikeinterface, probeinterface: facts.probeinterface }).toEqual({
      spikeinterface: '0.99.1',
      probeinterface: '0.2.24',
    });
    expect(detectV0WriterProfile(facts, folder).name).toBe('si-0.99');
  });

  it.each([0, 1])('group %i: our DirectoryHasher gives the Spyglass hash of short.summary.json over its 18 files', async (group) => {
    const recording = recordings[group]!;
    const digest = await hashV0Folder(path.join(baseDir, recording.path));
    expect(Object.keys(digest.objects ?? {}).sort()).toEqual([...recording.files].sort());
    expect({ algorithm: digest.algorithm, hash: digest.hash }).toEqual({ algorithm: 'spyglass-dir', hash: recording.spyglass_hash });
  });
});
