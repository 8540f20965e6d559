import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticRawNwb } from '@spyglass-recompute/common';
import {
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingRecordingV0,
  createTestDatabase,
  type TestBackend,
  testBackends,
} from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

/** Every entry below `dir` with its size and mtime: equal snapshots mean nothing was touched. */
async function treeSnapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const info = await stat(path.join(dir, entry));
    out[entry] = `${info.isDirectory() ? 'dir' : info.size}@${info.mtimeMs}`;
  }
  return out;
}

interface JsonError {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

// One backend (the first of sqlite/mariadb under test): the refusal through the command line is the
// subject; packages/v0's recording/unsafeNames.test.ts refuses the same names on every backend.
const backends = testBackends()
  .filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb')
  .slice(0, 1);

// Issue 12 §1, the exact commands: params `x/../../raw` made `recording create` replace <base>/raw
// (and with it the raw NWB) by a recording folder.
describe.each(backends)('recompute v0 with the name x/../../raw (%s, through the CLI in process)', (backend) => {
  test('params add and recording create exit 2 UNSAFE_NAME naming the flag and "/", and nothing on disk changes', async () => {
    const db = await createTestDatabase(backend, { migrate: false });
    const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-unsafe-'));
    try {
      const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
      const cli = (...args: string[]) => runCli([...args, '--json'], env);
      const incoming = path.join(baseDir, 'incoming', 'base_.nwb');
      await mkdir(path.dirname(incoming), { recursive: true });
      await writeSyntheticRawNwb({ filePath: incoming, durationSeconds: 1, tetrodes: 1, seed: 11 });
      expect((await cli('db', 'migrate')).exitCode).toBe(0);
      const ingested = await cli('ingest', incoming);
      expect(ingested.exitCode).toBe(0);
      const [[start, end]] = (ingested.json as { validTimes: Array<[number, number]> }).validTimes as [[number, number]];
      expect(
        (await cli('v0', 'sort-interval', 'add', 'base_.nwb', 'demo', '--start', String(start + 0.05), '--end', String(end - 0.05)))
          .exitCode,
      ).toBe(0);
      const before = await treeSnapshot(baseDir);

      const added = await cli('v0', 'params', 'add', 'x/../../raw', '--frequency-min', '300', '--frequency-max', '6000');
      expect(added.exitCode).toBe(2);
      expect((added.json as JsonError).error).toMatchObject({
        code: 'UNSAFE_NAME',
        details: { flag: 'NAME', name: 'x/../../raw', character: '/' },
      });
      expect(added.stderr).not.toMatch(/\n\s+at /);

      // A database another tool filled (Spyglass accepts any varchar name) may already hold it.
      const defaults = await db.orm.em.fork().findOneOrFail(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'default' });
      await db.orm.em
        .fork()
        .insert(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'x/../../raw', preproc_params: defaults.preproc_params });
      const created = await cli(
        'v0',
        'recording',
        'create',
        '--nwb-file',
        'base_.nwb',
        '--sort-group',
        '0',
        '--sort-interval',
        'demo',
        '--params',
        'x/../../raw',
      );
      expect(created.exitCode).toBe(2);
      const error = (created.json as JsonError).error;
      expect(error).toMatchObject({ code: 'UNSAFE_NAME', details: { flag: '--params', name: 'x/../../raw', character: '/' } });
      expect(error.message).toContain('--params');
      expect(created.stderr).not.toMatch(/\n\s+at /);

      expect(await treeSnapshot(baseDir)).toEqual(before);
      expect(before['raw/base_.nwb']).toBeDefined();
      expect(await db.orm.em.fork().count(SpikeSortingRecordingV0, {})).toBe(0);
    } finally {
      await db.drop();
      await rm(baseDir, { recursive: true, force: true });
    }
  }, 240_000);
});
