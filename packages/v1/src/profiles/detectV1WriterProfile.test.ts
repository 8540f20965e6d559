import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { isRecomputeError, type RecomputeError } from '@spyglass-recompute/errors';
import { RecordingRecomputeVersionsV1, SpikeSortingRecordingV1, flowTestBackends } from '@spyglass-recompute/schema';
import { createV1Engine } from '../recompute/createV1Engine';
import { createV1Recording } from '../recording/createV1Recording';
import { createV1World, FIXTURES, INTERVAL_NAME, type V1World } from '../recording/test-support/v1World';
import { detectV1WriterProfile, V1_WRITER_PROFILE_KEY, writerProfileDifferences } from './detectV1WriterProfile';
import { readV1WriterFacts } from './readV1WriterFacts';
import { v1WriterProfile, V1_WRITER_PROFILES } from './v1WriterProfiles';

const LATE_2024 = path.join(FIXTURES, '..', 'multiversion', 'short', 'v1_late2024');
const REFERENCE_V1 = path.join(FIXTURES, 'short', 'v1');

async function detect(file: string): Promise<string> {
  const { namespaces } = await hashNwbFile(file, { legacy: true });
  return detectV1WriterProfile({ ...(await readV1WriterFacts(file)), namespaces }, file).name;
}

async function errorOf(run: () => Promise<unknown>): Promise<RecomputeError> {
  try {
    await run();
  } catch (error) {
    if (isRecomputeError(error)) return error;
    throw error;
  }
  throw new Error('expected a RecomputeError');
}

/**
 * A copy of a file whose cached core namespace reads `version` instead of 2.7.0: every
 * "2.7.0" in the file (the `/specifications/core/2.7.0` link name, the namespace document,
 * `nwb_version`) rewritten in place. Same length, and these pynwb files use HDF5 objects
 * without checksums, so the result is a valid file (the hasher reading the new version
 * proves it).
 */
function withCoreVersion(source: string, target: string, version: string): void {
  const bytes = readFileSync(source);
  const from = Buffer.from('2.7.0');
  const to = Buffer.from(version);
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + from.length)) to.copy(bytes, at);
  writeFileSync(target, bytes);
}

describe('detectV1WriterProfile on fixture files', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'writer-profile-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(['oracle_rawGEZ8Q85VFY.nwb', 'oracle_rawMKIW8ZEPUN.nwb'])('Spyglass 0.5.4 file %s → late-2024', async (name) => {
    expect(await detect(path.join(LATE_2024, name))).toBe('late-2024');
  });

  it.each(['oracle_raw_group0_ORACLE0000.nwb', 'oracle_raw_group1_ORACLE0000.nwb'])('reference-stack file %s → pynwb-2.3', async (name) => {
    expect(await detect(path.join(REFERENCE_V1, name))).toBe('pynwb-2.3');
  });

  it('names what differs: the late-2024 file against pynwb-2.3 (namespaces, units, chunks)', async () => {
    const file = path.join(LATE_2024, 'oracle_rawGEZ8Q85VFY.nwb');
    const { namespaces } = await hashNwbFile(file, { legacy: true });
    expect(writerProfileDifferences(v1WriterProfile('pynwb-2.3'), { ...(await readV1WriterFacts(file)), namespaces })).toEqual([
      'namespace core 2.7.0 (profile writes 2.6.0-alpha)',
      'namespace hdmf-common 1.8.0 (profile writes 1.5.1)',
      'namespace hdmf-experimental 0.5.0 (profile writes 0.2.0)',
      'units table present (profile drops it)',
      'series data chunks (60000, 4) (profile writes (30000, 2), hdmf chunk_mb 1)',
    ]);
  });

  it('a copy whose core namespace is edited to 2.9.0 gets NO_MATCHING_WRITER_PROFILE naming late-2024 and the namespace', async () => {
    const edited = path.join(scratch, 'core-2.9.0.nwb');
    withCoreVersion(path.join(LATE_2024, 'oracle_rawGEZ8Q85VFY.nwb'), edited, '2.9.0');
    expect((await hashNwbFile(edited, { legacy: true })).namespaces).toEqual({
      core: '2.9.0',
      'hdmf-common': '1.8.0',
      'hdmf-experimental': '0.5.0',
    });
    const error = await errorOf(() => detect(edited));
    expect({ code: error.code, exitCode: error.exitCode, details: error.details }).toEqual({
      code: 'NO_MATCHING_WRITER_PROFILE',
      exitCode: 2,
      details: { path: edited, closest: 'late-2024', differences: ['namespace core 2.9.0 (profile writes 2.7.0)'] },
    });
    expect(error.message).toContain('closest is "late-2024"');
  });

  it('every registered profile detects its own layout (chunks from its own chunk_mb)', () => {
    for (const profile of V1_WRITER_PROFILES) {
      const facts = {
        namespaces: profile.namespaces,
        hasUnits: profile.keepUnits,
        seriesDataShape: [585000, 4],
        seriesDataChunks: profile.hdmfChunkMb === 10 ? [292500, 2] : [353, 4],
      };
      expect(detectV1WriterProfile(facts, 'x.nwb').name).toBe(profile.name);
    }
  });
});

describe.each(flowTestBackends())('an analysis file no writer profile made (%s)', (backend) => {
  let world: V1World;
  beforeAll(async () => {
    world = await createV1World(backend, 'short');
  }, 60_000);
  afterAll(async () => world?.close());

  it('gets no versions row (populate reports the closest profile), is never attempted, and is not deleted', async () => {
    const context = { roots: world.roots, environment: world.environment };
    const created = await createV1Recording(world.db.orm.em, context, {
      nwbFileName: world.nwbFileName,
      sortGroupId: 0,
      intervalListName: INTERVAL_NAME,
      writerProfile: 'late-2024',
    });
    const key = { recording_id: created.recording_id };
    await world.db.orm.em.fork().nativeDelete(RecordingRecomputeVersionsV1, key);
    // Our writer's HDF5 groups index link names (hashed, checksummed): put the edited copy of
    // the Spyglass-written fixture file in its place, with that file's series id on the row.
    rmSync(created.path);
    withCoreVersion(path.join(LATE_2024, 'oracle_rawGEZ8Q85VFY.nwb'), created.path, '2.9.0');
    const golden = JSON.parse(readFileSync(path.join(LATE_2024, 'golden.json'), 'utf8'));
    await world.db.orm.em
      .fork()
      .nativeUpdate(SpikeSortingRecordingV1, key, { object_id: golden.groups['0'].object_ids.ProcessedElectricalSeries });

    const engine = createV1Engine({ ...context, em: world.db.orm.em });
    const populated = await engine.populateVersions(key);
    expect(populated.inserted).toEqual([]);
    expect(populated.failed).toHaveLength(1);
    expect(populated.failed[0]?.message).toContain(
      'matches no v1 writer profile; closest is "late-2024", which differs in: namespace core 2.9.0 (profile writes 2.7.0)',
    );
    expect(await world.db.orm.em.fork().count(RecordingRecomputeVersionsV1, key)).toBe(0);

    const attempted = await engine.attempt(key);
    expect(attempted.inserted).toEqual([]);
    expect(attempted.skippedNoVersions).toEqual([key]);
    expect(await engine.removeMatched(key)).toEqual([]);
    expect(existsSync(created.path)).toBe(true);
  }, 120_000);

  it('a late-2024 file of a row without the profile key is detected and recorded as late-2024', async () => {
    const context = { roots: world.roots, environment: world.environment };
    const created = await createV1Recording(world.db.orm.em, context, {
      nwbFileName: world.nwbFileName,
      sortGroupId: 1,
      intervalListName: INTERVAL_NAME,
      writerProfile: 'late-2024',
    });
    const key = { recording_id: created.recording_id };
    await world.db.orm.em.fork().nativeDelete(RecordingRecomputeVersionsV1, key);
    const populated = await createV1Engine({ ...context, em: world.db.orm.em }).populateVersions(key);
    expect(populated.failed).toEqual([]);
    const row = await world.db.orm.em.fork().findOneOrFail(RecordingRecomputeVersionsV1, key);
    expect(row.nwb_deps).toEqual(expect.objectContaining({ core: '2.7.0', [V1_WRITER_PROFILE_KEY]: 'late-2024' }));
  }, 120_000);
});
