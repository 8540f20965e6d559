import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { blobValueToJson, decodeBlob } from '@spyglass-recompute/datajoint';
import {
  loadSpyglassFixture,
  openSpyglassServer,
  spyglassFixturePath,
  testBackends,
  type SpyglassFixture,
  type SpyglassServer,
} from '@spyglass-recompute/schema';
import { expectDataJointFetchable, snapshotSpyglassDump, upstreamDifferences, type DumpRow } from '../../test-support/spyglassDumpChecks';
import type { CliRun } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// The v1 recompute life cycle through the CLI on the database a Spyglass 0.5.4 lab left in
// December 2024 (shared/fixtures/spyglass-db-2024): `db migrate --layout spyglass` brings it to
// today's schema, then update-ids / versions / attempt / run / delete-files / fetch (v1) and
// update-ids / versions / attempt / run / delete-files / fetch (v0, with the recorded store locations) as on today's
// dump (spyglassLifecycle.test.ts). MariaDB only: the Spyglass layout is MySQL/MariaDB only.
// The commands run in process (runCliInProcess: no Node start-up per command); the spawned bin on
// the Spyglass layout is spyglassLifecycle.test.ts's `v1 run`.

/** The parts of `short.summary.json` the test reads: Spyglass's values for each v1 recording. */
interface Summary {
  v1: Record<
    string,
    {
      recording_id: string;
      path: string;
      md5: string;
      spyglass_hash: string;
      electrodes_object_id_in_file: string;
      namespaces: Record<string, string>;
    }
  >;
  v0: Record<
    string,
    {
      key: { nwb_file_name: string; sort_group_id: number; sort_interval_name: string; preproc_params_name: string; team_name: string };
      path: string;
      spyglass_hash: string;
    }
  >;
  file_mtime_epoch: number;
}
const summary = JSON.parse(readFileSync(path.join(spyglassFixturePath('spyglass-db-2024'), 'short.summary.json'), 'utf8')) as Summary;
const recordings = ['0', '1'].map((group) => summary.v1[group]!);
const v0Recordings = ['0', '1'].map((group) => summary.v0[group]!);
const RECOMPUTE_SCHEMAS = ['common_user', 'spikesorting_v1_recompute', 'spikesorting_recompute_v0'];

type Row = DumpRow;

/** Exit 0, or a failure message that carries what the CLI said. */
function expectSuccess(run: CliRun): void {
  expect(run.exitCode === 0 ? 0 : `exit ${run.exitCode}: ${run.stdout}${run.stderr}`).toBe(0);
}

const serverBackends = testBackends().includes('mariadb') ? ['mariadb'] : [];
for (const backend of serverBackends)
  describe(`recompute --layout spyglass v1 and v0 life cycle on a Spyglass 0.5.4 lab's dump (spyglass-db-2024, ${backend})`, () => {
    let fixture: SpyglassFixture;
    let server: SpyglassServer;
    let env: NodeJS.ProcessEnv;
    let before: Map<string, Row[]>;
    const cli = (...args: string[]) => runCliInProcess([...args, '--json'], env);
    const recordingTable = () => `\`${fixture.schemaPrefix}spikesorting_v1_recording\`.\`__spike_sorting_recording\``;

    const snapshot = () => snapshotSpyglassDump(server, fixture);

    beforeAll(async () => {
      fixture = await loadSpyglassFixture('spyglass-db-2024');
      server = await openSpyglassServer(fixture.serverUrl);
      // A lab's base dir has `tmp/`: Spyglass's settings create every configured directory when
      // imported. short.layout.json lists files only, and the 2024 one has none under tmp/.
      await mkdir(path.join(fixture.baseDir, 'tmp'), { recursive: true });
      env = {
        RECOMPUTE_DB_URL: fixture.serverUrl,
        RECOMPUTE_DB_LAYOUT: 'spyglass',
        RECOMPUTE_SCHEMA_PREFIX: fixture.schemaPrefix,
        SPYGLASS_BASE_DIR: fixture.baseDir,
        // Where 0.5.4's DataJoint stores were (what its files record, e.g. v0 provenance.json names
        // /data/spyglass/raw/oracle_raw.nwb); this machine reads them under the temp base dir.
        RECOMPUTE_STORE_LOCATION_RAW: '/data/spyglass/raw',
        RECOMPUTE_STORE_LOCATION_ANALYSIS: '/data/spyglass/analysis',
      };
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await fixture?.drop();
    });

    it('db migrate brings the 0.5.4 schema up to what Recompute needs; a second run has nothing to do', async () => {
      const first = await cli('db', 'migrate');
      expectSuccess(first);
      expect(first.json).toMatchObject({ layout: 'spyglass', upToDate: false });
      expect((first.json as { statements: unknown[] }).statements.length).toBeGreaterThan(0);
      const second = await cli('db', 'migrate');
      expectSuccess(second);
      expect(second.json).toMatchObject({ layout: 'spyglass', statements: [], upToDate: true });
      // The upstream baseline for the last test: the migrated lab before any recompute command.
      before = await snapshot();
      const rows = await server.query(`SELECT hash, electrodes_id FROM ${recordingTable()}`);
      expect(rows).toEqual([
        { hash: null, electrodes_id: null },
        { hash: null, electrodes_id: null },
      ]);
    }, 300_000);

    const assertDataJointFetchable = () => expectDataJointFetchable(server, fixture);

    it('v1: update-ids backfills both, versions records the late-2024 writer, attempt+run match, delete-files frees, fetch regenerates', async () => {
      const updated = await cli('v1', 'update-ids');
      expectSuccess(updated);
      const expectedIds = recordings.map((r) => ({
        recording_id: r.recording_id,
        hash: r.spyglass_hash,
        electrodes_id: r.electrodes_object_id_in_file,
      }));
      const byId = (a: { recording_id: string }, b: { recording_id: string }) => a.recording_id.localeCompare(b.recording_id);
      const updatedRows = [...(updated.json as { updated: Array<{ recording_id: string }> }).updated].sort(byId);
      expect(updatedRows).toEqual([...expectedIds].sort(byId).map((ids) => expect.objectContaining(ids)));
      expect(updated.json).toMatchObject({ unchanged: 0 });
      for (const ids of expectedIds) {
        const [row] = await server.query(
          `SELECT hash, electrodes_id FROM ${recordingTable()} WHERE recording_id = UNHEX(REPLACE(?, '-', ''))`,
          [ids.recording_id],
        );
        expect(row).toEqual({ hash: ids.hash, electrodes_id: ids.electrodes_id });
      }

      const versions = await cli('v1', 'versions', 'populate');
      expectSuccess(versions);
      expect(versions.json).toMatchObject({ alreadyPresent: 0 });
      expect((versions.json as { inserted: unknown[] }).inserted).toHaveLength(2);
      for (const r of recordings) {
        const [row] = await server.query(
          `SELECT nwb_deps FROM \`${fixture.schemaPrefix}spikesorting_v1_recompute\`.\`__recording_recompute_versions\` WHERE recording_id = UNHEX(REPLACE(?, '-', ''))`,
          [r.recording_id],
        );
        // As DataJoint stores it: a dj0 blob (maybe ZL123-compressed) of a dict.
        const deps = blobValueToJson(decodeBlob(row!.nwb_deps as Buffer));
        expect(r.namespaces).toEqual({ core: '2.7.0', 'hdmf-common': '1.8.0', 'hdmf-experimental': '0.5.0' });
        expect(deps).toMatchObject({ ...r.namespaces, 'spyglass-recompute-writer-profile': 'late-2024' });
      }

      const attempt = await cli('v1', 'attempt', '--rounding', '4');
      expectSuccess(attempt);
      const inserted = (attempt.json as { inserted: Array<{ recording: { recording_id: string }; params: { rounding: number } }> })
        .inserted;
      expect(inserted.map((entry) => entry.recording.recording_id).sort()).toEqual(recordings.map((r) => r.recording_id).sort());
      expect(inserted.map((entry) => entry.params.rounding)).toEqual([4, 4]);
      const run = await cli('v1', 'run');
      expectSuccess(run);
      expect(run.json).toMatchObject({ counts: { matched: 2, mismatched: 0, error: 0 } });
      const recomputeSchema = `\`${fixture.schemaPrefix}spikesorting_v1_recompute\``;
      const outcomes = await server.query(`SELECT matched, deleted FROM ${recomputeSchema}.\`__recording_recompute\` WHERE rounding = 4`);
      expect(outcomes).toEqual([
        { matched: 1, deleted: 0 },
        { matched: 1, deleted: 0 },
      ]);
      // A match records no differing names or hashes.
      expect(await server.query(`SELECT * FROM ${recomputeSchema}.\`__recording_recompute__name\``)).toEqual([]);
      expect(await server.query(`SELECT * FROM ${recomputeSchema}.\`__recording_recompute__hash\``)).toEqual([]);
      expect((await cli('v1', 'status')).json).toMatchObject({ matched: 2, error: 0, deleted: 0 });

      const files = recordings.map((r) => path.join(fixture.baseDir, r.path));
      for (const file of files) expect(Math.round((await stat(file)).mtimeMs / 1000)).toBe(summary.file_mtime_epoch);
      const rawFile = path.join(fixture.baseDir, 'raw', 'oracle_raw.nwb');
      const rawMd5 = createHash('md5')
        .update(await readFile(rawFile))
        .digest('hex');
      const deleted = await cli('v1', 'delete-files', '--yes', '--older-than', '0d');
      expectSuccess(deleted);
      expect((deleted.json as { entries: Array<{ path: string }> }).entries.map((entry) => entry.path).sort()).toEqual([...files].sort());
      expect(files.map((file) => existsSync(file))).toEqual([false, false]);
      expect(
        createHash('md5')
          .update(await readFile(rawFile))
          .digest('hex'),
      ).toBe(rawMd5);
      expect((await cli('v1', 'status')).json).toMatchObject({ deleted: 2 });

      // The stored Spyglass hash covers the series' and electrodes' object ids, so reaching it means
      // the file was written with the late-2024 profile and the ids the row records.
      for (const [index, r] of recordings.entries()) {
        const fetched = await cli('v1', 'fetch', r.recording_id);
        expectSuccess(fetched);
        expect(fetched.json).toEqual({ path: files[index], regenerated: true, hash: r.spyglass_hash });
      }
      expect(await assertDataJointFetchable()).toBe(2);
      // Same Spyglass hash, other bytes than 0.5.4 wrote: the rows now describe the regenerated files.
      const external = await server.query(
        `SELECT filepath, hex(contents_hash) AS md5 FROM \`${fixture.schemaPrefix}common_nwbfile\`.\`~external_analysis\` ORDER BY filepath`,
      );
      expect(external.map((row) => `analysis/${String(row.filepath)}`)).toEqual(recordings.map((r) => r.path).sort());
      for (const row of external) expect(recordings.map((r) => r.md5)).not.toContain(String(row.md5).toLowerCase());
      expect((await cli('v1', 'status')).json).toMatchObject({ matched: 2, deleted: 0 });
      expect((await cli('v1', 'fetch', recordings[1]!.recording_id)).json).toMatchObject({ regenerated: false });
    }, 1_200_000);

    it('v0: update-ids backfills both directory hashes, attempt+run match both, delete-files frees them, fetch regenerates each to its stored hash', async () => {
      const updated = await cli('v0', 'update-ids');
      expectSuccess(updated);
      expect(updated.json).toMatchObject({ alreadySet: 0 });
      const updatedRows = (updated.json as { updated: Array<{ key: { sort_group_id: number }; hash: string }> }).updated;
      expect([...updatedRows].sort((a, b) => a.key.sort_group_id - b.key.sort_group_id)).toEqual(
        v0Recordings.map((r) => ({ key: r.key, hash: r.spyglass_hash })),
      );
      const rows = await server.query(
        `SELECT sort_group_id, hash FROM \`${fixture.schemaPrefix}spikesorting_recording\`.\`__spike_sorting_recording\` ORDER BY sort_group_id`,
      );
      expect(rows).toEqual(v0Recordings.map((r) => ({ sort_group_id: r.key.sort_group_id, hash: r.spyglass_hash })));

      const versions = await cli('v0', 'versions', 'populate');
      expectSuccess(versions);
      expect((versions.json as { inserted: unknown[] }).inserted).toHaveLength(2);
      const attempt = await cli('v0', 'attempt');
      expectSuccess(attempt);
      const inserted = (attempt.json as { inserted: Array<{ envId: string; recording: { sort_group_id: number } }> }).inserted;
      expect(inserted.map((entry) => entry.recording.sort_group_id).sort()).toEqual([0, 1]);
      const run = await cli('v0', 'run');
      expectSuccess(run);
      // With the recorded raw store location, the regenerated provenance.json names the raw file
      // as 0.5.4 did, so both folders match byte for byte.
      expect(run.json).toMatchObject({ counts: { matched: 2, mismatched: 0, error: 0 } });

      const folders = v0Recordings.map((r) => path.join(fixture.baseDir, 'recording', path.basename(r.path)));
      const deleted = await cli('v0', 'delete-files', '--yes', '--older-than', '0d');
      expectSuccess(deleted);
      expect((deleted.json as { entries: Array<{ path: string }> }).entries.map((entry) => entry.path).sort()).toEqual([...folders].sort());
      expect(folders.map((folder) => existsSync(folder))).toEqual([false, false]);
      for (const [index, r] of v0Recordings.entries()) {
        const fetched = await cli('v0', 'fetch', path.basename(r.path));
        expectSuccess(fetched);
        expect(fetched.json).toEqual({ path: folders[index], regenerated: true, hash: r.spyglass_hash });
      }
      expect(existsSync('/data/spyglass')).toBe(false);
    }, 900_000);

    it('touched nothing upstream but the NULL hash/electrodes_id backfill and the external checksums; db migrate still has nothing to do', async () => {
      const migrate = await cli('db', 'migrate');
      expect(migrate.json).toMatchObject({ layout: 'spyglass', statements: [], upToDate: true });
      const after = await snapshot();
      expect([...after.keys()]).toEqual([...before.keys()]);
      const differences = upstreamDifferences(before, after, {
        revert: {
          // The allowed change: each row's NULL hash/electrodes_id, filled with Spyglass's values.
          'spikesorting_v1_recording.__spike_sorting_recording': (row) => {
            const r = recordings.find(
              (candidate) => candidate.recording_id.replace(/-/g, '') === (row.recording_id as Buffer).toString('hex'),
            );
            return r && row.hash === r.spyglass_hash && row.electrodes_id === r.electrodes_object_id_in_file
              ? { ...row, hash: null, electrodes_id: null }
              : row;
          },
          // The allowed v0 change: each row's NULL hash, filled with Spyglass's directory hash.
          'spikesorting_recording.__spike_sorting_recording': (row) =>
            v0Recordings.some((r) => r.key.sort_group_id === row.sort_group_id && r.spyglass_hash === row.hash)
              ? { ...row, hash: null }
              : row,
        },
        mayChange: { 'common_nwbfile.~external_analysis': ['size', 'contents_hash'] },
        // Tables Recompute adds rows to (created by db migrate, empty in the baseline).
        addedTo: { schemas: RECOMPUTE_SCHEMAS, emptyBefore: true },
      });
      expect(differences).toEqual([]);
    }, 300_000);
  });
