import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { layOutSpyglassFiles, spyglassFixturePath } from '@spyglass-recompute/schema';
import { detectV1WriterProfile } from './detectV1WriterProfile';
import { readV1WriterFacts } from './readV1WriterFacts';

/** The v1 recordings of `spyglass-db-2024/short.summary.json` (what Spyglass 0.5.4's populate wrote). */
interface V1Recording2024 {
  path: string;
  object_id: string;
  spyglass_hash: string;
  namespaces: Record<string, string>;
}

// The v1 analysis files of the Spyglass 0.5.4 lab (spyglass-db-2024), laid out as in its base dir,
// through the detection `versions populate` runs (V1RecomputePipeline.readVersions: legacy-mode namespaces +
// readV1WriterFacts with the row's object_id) and through our hasher in Spyglass's default mode.
// No database: the Spyglass-layout life cycle has its own test.
describe('spyglass-db-2024 v1 files: writer profile and Spyglass hash', () => {
  const fixtureDir = spyglassFixturePath('spyglass-db-2024');
  let baseDir: string;
  let recordings: V1Recording2024[];
  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'sg2024-v1-'));
    await layOutSpyglassFiles(baseDir, fixtureDir);
    const summary = JSON.parse(await readFile(path.join(fixtureDir, 'short.summary.json'), 'utf8')) as {
      v1: Record<string, V1Recording2024>;
    };
    recordings = Object.values(summary.v1);
  });
  afterAll(() => rm(baseDir, { recursive: true, force: true }));

  it('has the two v1 recordings of the README', () => {
    expect(recordings.map((recording) => recording.path)).toEqual([
      'analysis/oracle/oracle_rawGEZ8Q85VFY.nwb',
      'analysis/oracle/oracle_rawMKIW8ZEPUN.nwb',
    ]);
  });

  it.each([0, 1])('group %i: detected as late-2024 from the file, as versions populate does', async (group) => {
    const recording = recordings[group]!;
    const file = path.join(baseDir, recording.path);
    const { namespaces } = await hashNwbFile(file, { legacy: true });
    expect(namespaces).toEqual(recording.namespaces);
    const profile = detectV1WriterProfile({ ...(await readV1WriterFacts(file, recording.object_id)), namespaces }, file);
    expect(profile.name).toBe('late-2024');
  });

  it.each([0, 1])('group %i: our hasher gives the Spyglass hash of short.summary.json (NwbfileHasher default)', async (group) => {
    const recording = recordings[group]!;
    const result = await hashNwbFile(path.join(baseDir, recording.path));
    expect({ algorithm: result.algorithm, hash: result.hash }).toEqual({ algorithm: 'spyglass-nwb', hash: recording.spyglass_hash });
  });
});
