import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');
const rawFixture = path.join(fixtures, 'spikesorting/short/raw/oracle_raw.nwb');
/** Spyglass 0.5.4 + pynwb 2.8.2 / hdmf 3.14.5 files of the short raw, and their digests. */
const golden = JSON.parse(readFileSync(path.join(fixtures, 'multiversion/short/v1_late2024/golden.json'), 'utf8')) as {
  params: { sort_interval: [number, number]; sort_groups: Record<string, { electrodes: number[]; ref: number }> };
  groups: Record<string, { namespaces_str: string; hasher_modes: { default: { objs: Record<string, string | null> } } }>;
};
// pynwb draws these two objects' ids at random per file: their digests cannot match.
const ID_BEARING = ['acquisition/ProcessedElectricalSeries', 'acquisition/ProcessedElectricalSeries/electrodes'];

// `v1 recording create --writer-profile late-2024` through the CLI, in process (runCliInProcess:
// nothing here is about the process; the library golden test,
// createV1Recording.late2024.golden.test.ts, checks every hasher mode and both fixtures):
// the flag reaches the writer, and `versions populate` detects and records the profile from the
// file. One backend (the first selected): the flag's path does not depend on it.
describe('recompute v1 recording create --writer-profile late-2024 (CLI in process)', () => {
  const backend = testBackends()[0]!;
  let db: TestDatabase;
  let baseDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase(backend, { migrate: false });
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-late2024-'));
    env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
  });
  afterAll(async () => {
    await db?.drop();
    if (baseDir) await rm(baseDir, { recursive: true, force: true });
  });
  const cli = async (...args: string[]) => {
    const run = await runCliInProcess([...args, '--json'], env);
    if (run.exitCode !== 0) throw new Error(`recompute ${args.join(' ')} exited ${run.exitCode}: ${run.stderr}`);
    return run.json;
  };

  it('writes sort group 0 with the late-2024 namespaces and the golden digest of every object but the two id-bearing ones; populate records late-2024', async () => {
    const group = golden.params.sort_groups['0']!;
    const [start, end] = golden.params.sort_interval;
    await cli('db', 'migrate');
    await cli('ingest', rawFixture);
    await cli(
      'v1',
      'sort-group',
      'set',
      'oracle_raw.nwb',
      '0',
      '--electrodes',
      group.electrodes.join(','),
      '--reference',
      String(group.ref),
    );
    await cli('interval', 'add', 'oracle_raw.nwb', 'sortint', '--start', String(start), '--end', String(end));
    const created = (await cli(
      'v1',
      'recording',
      'create',
      '--nwb-file',
      'oracle_raw.nwb',
      '--sort-group',
      '0',
      '--interval',
      'sortint',
      '--writer-profile',
      'late-2024',
    )) as {
      recording_id: string;
      path: string;
    };

    const result = await hashNwbFile(created.path, { objects: true });
    expect(result.namespaces).toEqual(JSON.parse(golden.groups['0']!.namespaces_str));
    const want = Object.fromEntries(
      Object.entries(golden.groups['0']!.hasher_modes.default.objs).filter(
        (entry): entry is [string, string] => entry[1] !== null && !entry[0].endsWith('/k'),
      ),
    );
    expect(Object.keys(result.objects ?? {}).sort()).toEqual(Object.keys(want).sort());
    expect(
      Object.keys(want)
        .filter((name) => result.objects?.[name] !== want[name])
        .sort(),
    ).toEqual([...ID_BEARING].sort());

    const populated = JSON.stringify(await cli('v1', 'versions', 'populate'));
    expect(populated).not.toContain('NO_MATCHING_WRITER_PROFILE');
    const shown = JSON.stringify(await cli('v1', 'show', created.recording_id));
    expect(shown).toContain('"spyglass-recompute-writer-profile":"late-2024"');
  });
});
