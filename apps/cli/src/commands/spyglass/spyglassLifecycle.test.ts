import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  loadSpyglassFixture,
  openSpyglassServer,
  testBackends,
  type SpyglassFixture,
  type SpyglassServer,
} from '@spyglass-recompute/schema';
import { expectDataJointFetchable, snapshotSpyglassDump, upstreamDifferences, type DumpRow } from '../../test-support/spyglassDumpChecks';
import { runCli } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// The recompute life cycle through the CLI on a lab's Spyglass database: the real dump
// (shared/fixtures/spyglass-db/short.sql, written by DataJoint 0.14.9 from Spyglass's modules)
// loaded under a random schema prefix into the test MariaDB, its files laid out under a temp base
// dir. MariaDB only: the Spyglass layout is MySQL/MariaDB only (SQLite is refused, tested below).
// The commands run in process (runCliInProcess: no Node start-up per command); v1's `run`, a step
// that regenerates and hashes, runs as the spawned bin, so the bin itself is exercised on the
// Spyglass layout (a process adds nothing per pipeline: v0's `run` goes through the same entry in
// process).
const V1_GROUP0 = 'a2ed3f38-d5bd-5f7b-b068-613af6364bcb';
const V1_GROUP1 = 'e37037a9-c894-5e77-9512-3d881dd0181d';
// What Spyglass's `SpikeSortingRecording.update_ids()` sets on group 1 (fixture README/summary).
const V1_GROUP1_HASH = '1dfae6b0fc8f3d79a96ce9d0fd4e512b';
const V1_GROUP1_ELECTRODES_ID = '87f29b55-7e5b-56d5-a088-c72ebe61aff4';
const V1_GROUP0_HASH = '4d65b2101af8bf9e0e842e728eaa054f';
const RECOMPUTE_SCHEMAS = ['spikesorting_v1_recompute', 'spikesorting_recompute_v0'];
// Where the lab that wrote the dump had its DataJoint stores (`dj.config['stores'][store]['location']`);
// its v0 provenance.json files name `${RECORDED_RAW}/oracle_raw.nwb`. Nothing exists there on this
// machine: the files are read (and deleted, regenerated) under the fixture's temp base dir only.
const RECORDED_RAW = '/data/spyglass/raw';
const RECORDED_ANALYSIS = '/data/spyglass/analysis';
// v0 folders (DirectoryHasher) as the fixture README records them.
const V0_FOLDERS = [
  { sortGroup: 0, name: 'oracle_raw.nwb_sortint_0_default', hash: 'd3d6c5315a9413ccc4d1c7c01f84db1a' },
  { sortGroup: 1, name: 'oracle_raw.nwb_sortint_1_default', hash: '488873c1075ec1aea5e91941d2d9251b' },
];

type Row = DumpRow;

const serverBackends = testBackends().includes('mariadb') ? ['mariadb'] : [];
for (const backend of serverBackends)
  describe(`recompute --layout spyglass life cycle on the Spyglass dump (${backend})`, () => {
    let fixture: SpyglassFixture;
    let server: SpyglassServer;
    let env: NodeJS.ProcessEnv;
    let before: Map<string, Row[]>;
    const cli = (...args: string[]) => runCliInProcess([...args, '--json'], env);
    const spawnedCli = (...args: string[]) => runCli([...args, '--json'], env, { timeoutMs: 300_000 });

    const snapshot = () => snapshotSpyglassDump(server, fixture);

    beforeAll(async () => {
      fixture = await loadSpyglassFixture();
      server = await openSpyglassServer(fixture.serverUrl);
      env = {
        RECOMPUTE_DB_URL: fixture.serverUrl,
        RECOMPUTE_DB_LAYOUT: 'spyglass',
        RECOMPUTE_SCHEMA_PREFIX: fixture.schemaPrefix,
        SPYGLASS_BASE_DIR: fixture.baseDir,
        RECOMPUTE_STORE_LOCATION_RAW: RECORDED_RAW,
        RECOMPUTE_STORE_LOCATION_ANALYSIS: RECORDED_ANALYSIS,
      };
      expect(existsSync('/data/spyglass')).toBe(false);
      before = await snapshot();
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await fixture?.drop();
    });

    const assertDataJointFetchable = () => expectDataJointFetchable(server, fixture);

    it('v1: update-ids backfills Spyglass hash, attempt+run match, delete-files frees, fetch regenerates with a refreshed ~external_analysis', async () => {
      const updated = await cli('v1', 'update-ids');
      expect(updated.exitCode).toBe(0);
      expect(updated.json).toMatchObject({
        updated: [{ recording_id: V1_GROUP1, hash: V1_GROUP1_HASH, electrodes_id: V1_GROUP1_ELECTRODES_ID }],
        unchanged: 1,
      });
      const [row] = await server.query(
        `SELECT hash, electrodes_id FROM \`${fixture.schemaPrefix}spikesorting_v1_recording\`.\`__spike_sorting_recording\` WHERE recording_id = UNHEX(REPLACE(?, '-', ''))`,
        [V1_GROUP1],
      );
      expect(row).toEqual({ hash: V1_GROUP1_HASH, electrodes_id: V1_GROUP1_ELECTRODES_ID });

      expect((await cli('v1', 'versions', 'populate')).json).toMatchObject({ inserted: [], alreadyPresent: 2 });
      const attempt = await cli('v1', 'attempt', '--rounding', '4');
      expect(attempt.exitCode).toBe(0);
      // Group 0 already matched in Spyglass's own environment (root_spyglass_00): respected, not redone.
      expect(attempt.json).toMatchObject({
        inserted: [{ recording: { recording_id: V1_GROUP1 }, params: { rounding: 4 } }],
        skippedMatched: [{ recording_id: V1_GROUP0 }],
      });
      const envId = (attempt.json as { inserted: Array<{ envId: string }> }).inserted[0]!.envId;
      expect(envId).not.toBe('root_spyglass_00');
      const run = await spawnedCli('v1', 'run');
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ counts: { matched: 1, mismatched: 0, error: 0 } });
      // Our environment row, as DataJoint would hold it: a dj0 blob (maybe ZL123-compressed) and a 32-hex hash.
      const [envRow] = await server.query(
        `SELECT env_hash, env FROM \`${fixture.schemaPrefix}common_user\`.\`user_environment\` WHERE env_id = ?`,
        [envId],
      );
      expect(String(envRow!.env_hash)).toMatch(/^[0-9a-f]{32}$/);
      expect(['dj0\0', 'ZL12'].includes((envRow!.env as Buffer).subarray(0, 4).toString('latin1'))).toBe(true);
      const [recomputeRow] = await server.query(
        `SELECT matched, deleted FROM \`${fixture.schemaPrefix}spikesorting_v1_recompute\`.\`__recording_recompute\` WHERE recording_id = UNHEX(REPLACE(?, '-', '')) AND env_id = ? AND rounding = 4`,
        [V1_GROUP1, envId],
      );
      expect(recomputeRow).toEqual({ matched: 1, deleted: 0 });
      expect((await cli('v1', 'status')).json).toMatchObject({ matched: 2, error: 0, deleted: 0 });

      const files = [0, 1].map((group) =>
        path.join(fixture.baseDir, 'analysis', `oracle_raw_group${group}`, `oracle_raw_group${group}_ORACLE0000.nwb`),
      );
      const deleted = await cli('v1', 'delete-files', '--yes', '--older-than', '0d');
      expect(deleted.exitCode).toBe(0);
      expect((deleted.json as { entries: Array<{ path: string }> }).entries.map((entry) => entry.path).sort()).toEqual(files);
      expect(files.map((file) => existsSync(file))).toEqual([false, false]);
      expect((await cli('v1', 'status')).json).toMatchObject({ deleted: 2 });

      for (const [id, hash, file] of [
        [V1_GROUP0, V1_GROUP0_HASH, files[0]],
        [V1_GROUP1, V1_GROUP1_HASH, files[1]],
      ] as const) {
        const fetched = await cli('v1', 'fetch', id);
        expect(fetched.exitCode).toBe(0);
        expect(fetched.json).toEqual({ path: file, regenerated: true, hash });
      }
      // Same Spyglass hash, other bytes: DataJoint's size+md5 check still passes on both rows.
      expect(await assertDataJointFetchable()).toBe(2);
      const after = await server.query(
        `SELECT filepath, hex(contents_hash) AS md5 FROM \`${fixture.schemaPrefix}common_nwbfile\`.\`~external_analysis\` ORDER BY filepath`,
      );
      const original = before.get('common_nwbfile.~external_analysis')!;
      expect(after.map((r) => r.md5)).not.toEqual(original.map((r) => (r.contents_hash as Buffer).toString('hex').toUpperCase()));
      expect((await cli('v1', 'status')).json).toMatchObject({ matched: 2, deleted: 0 });
      expect((await cli('v1', 'fetch', V1_GROUP1)).json).toMatchObject({ regenerated: false });
    }, 900_000);

    it('v0: with the recorded raw location, attempt+run match, delete-files frees both folders, fetch regenerates each to its stored hash', async () => {
      const updated = await cli('v0', 'update-ids');
      expect(updated.exitCode).toBe(0);
      expect(updated.json).toMatchObject({ updated: [], alreadySet: 2 });
      expect((await cli('v0', 'versions', 'populate')).json).toMatchObject({ inserted: [], alreadyPresent: 2 });
      const attempt = await cli('v0', 'attempt');
      expect(attempt.exitCode).toBe(0);
      // Group 0 already matched in Spyglass's own environment (root_spyglass_00): respected, not redone.
      expect(attempt.json).toMatchObject({ inserted: [{ recording: { sort_group_id: 1 } }], skippedMatched: [{ sort_group_id: 0 }] });
      const envId = (attempt.json as { inserted: Array<{ envId: string }> }).inserted[0]!.envId;
      expect(envId).not.toBe('root_spyglass_00');
      // provenance.json records the registered raw path (recorded location + `~external_raw.filepath`),
      // the one Spyglass wrote: every file of the folder, provenance.json included, is bit-identical.
      const run = await cli('v0', 'run');
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ counts: { matched: 1, mismatched: 0, error: 0 } });
      const [recomputeRow] = await server.query(
        `SELECT matched, deleted FROM \`${fixture.schemaPrefix}spikesorting_recompute_v0\`.\`__recording_recompute\` WHERE nwb_file_name = 'oracle_raw.nwb' AND sort_group_id = 1 AND env_id = ?`,
        [envId],
      );
      expect(recomputeRow).toEqual({ matched: 1, deleted: 0 });
      expect((await cli('v0', 'status')).json).toMatchObject({ matched: 2, error: 0, deleted: 0 });

      const folders = V0_FOLDERS.map((folder) => path.join(fixture.baseDir, 'recording', folder.name));
      const deleted = await cli('v0', 'delete-files', '--yes', '--older-than', '0d');
      expect(deleted.exitCode).toBe(0);
      expect((deleted.json as { entries: Array<{ path: string }> }).entries.map((entry) => entry.path).sort()).toEqual(folders);
      expect(folders.map((folder) => existsSync(folder))).toEqual([false, false]);
      expect((await cli('v0', 'status')).json).toMatchObject({ deleted: 2 });

      for (const [index, folder] of V0_FOLDERS.entries()) {
        const fetched = await cli('v0', 'fetch', folder.name);
        expect(fetched.exitCode).toBe(0);
        expect(fetched.json).toEqual({ path: folders[index], regenerated: true, hash: folder.hash });
        const provenance = await readFile(path.join(folders[index]!, 'provenance.json'), 'utf8');
        expect(provenance).toContain(`${RECORDED_RAW}/oracle_raw.nwb`);
        expect(provenance).not.toContain(fixture.baseDir);
      }
      expect((await cli('v0', 'status')).json).toMatchObject({ matched: 2, deleted: 0 });
      expect((await cli('v0', 'fetch', V0_FOLDERS[1]!.name)).json).toMatchObject({ regenerated: false });
      // The recorded locations are registered paths only: nothing was written there.
      expect(existsSync('/data/spyglass')).toBe(false);
    }, 900_000);

    it('touched nothing upstream but the NULL hash backfill and the external checksums; a second db migrate changes nothing', async () => {
      const migrate = await cli('db', 'migrate');
      expect(migrate.json).toMatchObject({ layout: 'spyglass', statements: [], upToDate: true });
      const after = await snapshot();
      expect([...after.keys()]).toEqual([...before.keys()]);
      const differences = upstreamDifferences(before, after, {
        revert: {
          // The one allowed change: group 1's NULL hash/electrodes_id, filled with Spyglass's values.
          'spikesorting_v1_recording.__spike_sorting_recording': (row) =>
            (row.recording_id as Buffer).toString('hex') === V1_GROUP1.replace(/-/g, '') &&
            row.hash === V1_GROUP1_HASH &&
            row.electrodes_id === V1_GROUP1_ELECTRODES_ID
              ? { ...row, hash: null, electrodes_id: null }
              : row,
        },
        mayChange: { 'common_nwbfile.~external_analysis': ['size', 'contents_hash'] },
        // Tables we add rows to: every row Spyglass wrote is still there (recompute rows: by key;
        // `created_at`/`deleted` are the attempt's bookkeeping that delete-files/fetch maintain).
        addedTo: { schemas: RECOMPUTE_SCHEMAS, tables: ['common_user.user_environment'], bookkeeping: ['created_at', 'deleted'] },
      });
      expect(differences).toEqual([]);
    }, 300_000);

    it('refuses commands that would create upstream rows with DB_LAYOUT_UNSUPPORTED naming the command', async () => {
      const create = await cli('v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', '--interval', 'sortint');
      expect(create.exitCode).toBe(2);
      expect(create.json).toEqual({
        error: expect.objectContaining({ code: 'DB_LAYOUT_UNSUPPORTED', message: expect.stringContaining('v1 recording create') }),
      });
    });
  });

describe('recompute --layout spyglass on SQLite', () => {
  it('is DB_LAYOUT_UNSUPPORTED (exit 2) for a pipeline command', async () => {
    const run = await runCliInProcess(
      ['v1', 'status', '--layout', 'spyglass', '--db', 'sqlite:///tmp/never-created-by-sg-layout.sqlite', '--json'],
      {},
    );
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DB_LAYOUT_UNSUPPORTED' }) });
    expect(existsSync('/tmp/never-created-by-sg-layout.sqlite')).toBe(false);
  });
});
