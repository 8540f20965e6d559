import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');

describe('recompute ingest / sort-group set / interval add (embedded SQLite)', () => {
  let baseDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-ingest-'));
    env = { SPYGLASS_BASE_DIR: baseDir, RECOMPUTE_DB_URL: undefined };
  });
  afterAll(async () => rm(baseDir, { recursive: true, force: true }));

  it('ingests a raw file into the raw root, then treats a second ingest as a no-op', async () => {
    const first = await runCli(['ingest', rawFixture, '--json'], env);
    expect(first.exitCode).toBe(0);
    expect(first.json).toMatchObject({
      alreadyIngested: false,
      nwbFileName: 'oracle_raw.nwb',
      nwbFileAbsPath: path.join(baseDir, 'raw', 'oracle_raw.nwb'),
      copied: true,
      electrodeCount: 8,
      electrodeGroups: ['0', '1'],
      probes: ['tetrode_12.5'],
    });
    const again = await runCli(['ingest', rawFixture, '--json'], env);
    expect(again.json).toMatchObject({ alreadyIngested: true, nwbFileName: 'oracle_raw.nwb' });
  });

  it('sets sort groups per pipeline and rejects a v0 group without reference (exit 2, names the flag)', async () => {
    const ok = await runCli(
      ['v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,1,2,3', '--reference', '4', '--json'],
      env,
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.json).toMatchObject({ pipeline: 'v1' });
    const bad = await runCli(
      ['v0', 'sort-group', 'set', 'oracle_raw.nwb', '1', '--electrodes', '4,5,6,7', '--reference', '-1', '--json'],
      env,
    );
    expect(bad.exitCode).toBe(2);
    expect(bad.json).toEqual({ error: expect.objectContaining({ code: 'SORT_GROUP_REFERENCE_INVALID' }) });
    const unknown = await runCli(
      ['v1', 'sort-group', 'set', 'oracle_raw.nwb', '2', '--electrodes', '0,99', '--reference', '-2', '--json'],
      env,
    );
    expect(unknown.exitCode).toBe(2);
    expect(JSON.stringify(unknown.json)).toContain('99');
  });

  it('adds intervals and rejects malformed or out-of-range times', async () => {
    const ok = await runCli(
      ['interval', 'add', 'oracle_raw.nwb', 'first2s', '--start', '1687429800.5', '--end', '1687429802.5', '--json'],
      env,
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.json).toMatchObject({ name: 'first2s', inserted: true });
    const malformed = await runCli(['interval', 'add', 'oracle_raw.nwb', 'x', '--start', 'abc', '--end', '3', '--json'], env);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.json).toEqual({
      error: expect.objectContaining({ code: 'FLAG_INVALID', message: expect.stringContaining('--start') }),
    });
    const outside = await runCli(
      ['v0', 'sort-interval', 'add', 'oracle_raw.nwb', 'late', '--start', '1687430000', '--end', '1687430001', '--json'],
      env,
    );
    expect(outside.exitCode).toBe(2);
    expect(outside.json).toEqual({ error: expect.objectContaining({ code: 'INTERVAL_INVALID' }) });
  });
});
