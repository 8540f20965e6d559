import { dataJointJobsDdl, dataJointKeyHash } from '@spyglass-recompute/engine';
import {
  loadSpyglassFixture,
  openSpyglassServer,
  testBackends,
  type SpyglassFixture,
  type SpyglassServer,
} from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// `run --reserve-jobs --layout spyglass` reserves in DataJoint's `~jobs` table of the recompute
// schema (the one Python's `populate(reserve_jobs=True)` uses), not in a table of our own: a key a
// Python worker holds is left alone, ours are deleted on completion, and `status` (read-only,
// creating nothing) shows who holds what per host. The commands run in process (runCliInProcess);
// `--workers 2` still starts two real worker processes of the built bin.
const V1_GROUP1 = 'e37037a9-c894-5e77-9512-3d881dd0181d';

const serverBackends = testBackends().includes('mariadb') ? ['mariadb'] : [];
for (const backend of serverBackends)
  describe(`recompute {v0|v1} run --reserve-jobs / --workers with --layout spyglass (${backend})`, () => {
    let fixture: SpyglassFixture;
    let server: SpyglassServer;
    let env: NodeJS.ProcessEnv;
    const cli = (...args: string[]) => runCliInProcess([...args, '--json'], env);
    const jobsTable = () => `\`${fixture.schemaPrefix}spikesorting_v1_recompute\`.\`~jobs\``;
    const tableExists = async (name: string) =>
      (
        await server.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [
          `${fixture.schemaPrefix}spikesorting_v1_recompute`,
          name,
        ])
      ).length === 1;

    beforeAll(async () => {
      fixture = await loadSpyglassFixture();
      server = await openSpyglassServer(fixture.serverUrl);
      env = {
        RECOMPUTE_DB_URL: fixture.serverUrl,
        RECOMPUTE_DB_LAYOUT: 'spyglass',
        RECOMPUTE_SCHEMA_PREFIX: fixture.schemaPrefix,
        SPYGLASS_BASE_DIR: fixture.baseDir,
        // The dump's v0 folders name /data/spyglass/raw/oracle_raw.nwb in provenance.json.
        RECOMPUTE_STORE_LOCATION_RAW: '/data/spyglass/raw',
      };
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await fixture?.drop();
    });

    it('skips a key a Python worker reserved, completes the rest through ~jobs, and status reports the reservation per host', async () => {
      expect((await cli('v1', 'update-ids')).exitCode).toBe(0);
      const attempt = await cli('v1', 'attempt', '--rounding', '4');
      expect(attempt.exitCode).toBe(0);
      const envId = (attempt.json as { inserted: Array<{ envId: string }> }).inserted[0]!.envId;

      // Read-only status before any reservation: no jobs, and no ~jobs table created by reading.
      const quiet = await cli('v1', 'status');
      expect(quiet.exitCode).toBe(0);
      expect(quiet.json).toMatchObject({ jobs: { reserved: 0, error: 0, byHost: {} } });
      expect(await tableExists('~jobs')).toBe(false);

      // A Python worker on another node holds group 1's attempt: the SQL DataJoint's jobs.reserve runs
      // (the table first, as `schema.jobs` declares it; `key` may be NULL per its definition).
      await server.query(dataJointJobsDdl(`${fixture.schemaPrefix}spikesorting_v1_recompute`));
      const pythonKeyHash = dataJointKeyHash({ recording_id: V1_GROUP1, env_id: envId, rounding: 4 });
      await server.query(
        `INSERT INTO ${jobsTable()} (table_name, key_hash, status, \`key\`, user, host, pid, connection_id) VALUES ('__recording_recompute', ?, 'reserved', NULL, 'lab@%', 'python-node', 4242, 7)`,
        [pythonKeyHash],
      );

      const run = await cli('v1', 'run', '--reserve-jobs');
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ counts: { matched: 0, error: 0, 'reserved-elsewhere': 1 } });
      // Nothing of ours is left in ~jobs; the Python reservation is untouched.
      expect(await server.query(`SELECT key_hash, status, host, pid FROM ${jobsTable()}`)).toEqual([
        { key_hash: pythonKeyHash, status: 'reserved', host: 'python-node', pid: 4242 },
      ]);
      const [attemptRow] = await server.query(
        `SELECT COUNT(*) AS n FROM \`${fixture.schemaPrefix}spikesorting_v1_recompute\`.\`__recording_recompute\` WHERE recording_id = UNHEX(REPLACE(?, '-', '')) AND env_id = ?`,
        [V1_GROUP1, envId],
      );
      expect(Number(attemptRow!.n)).toBe(0);

      const status = await cli('v1', 'status');
      expect(status.json).toMatchObject({ jobs: { reserved: 1, byHost: { 'python-node': { reserved: 1, pids: [4242], expired: 0 } } } });

      // Once the Python worker lets go (DataJoint deletes the row on completion), ours runs it.
      await server.query(`DELETE FROM ${jobsTable()} WHERE key_hash = ?`, [pythonKeyHash]);
      const rerun = await cli('v1', 'run', '--reserve-jobs');
      expect(rerun.json).toMatchObject({ counts: { matched: 1, error: 0 } });
      expect(await server.query(`SELECT key_hash FROM ${jobsTable()}`)).toEqual([]);
    }, 900_000);

    it("v0 run --workers 2: the worker processes share the work through v0's ~jobs and leave nothing reserved", async () => {
      expect((await cli('v0', 'update-ids')).exitCode).toBe(0);
      const attempt = await cli('v0', 'attempt');
      expect(attempt.exitCode).toBe(0);
      // Group 0 already matched in Spyglass's own environment; group 1 is the one attempt to run.
      expect(attempt.json).toMatchObject({ inserted: [{ recording: { sort_group_id: 1 } }], skippedMatched: [{ sort_group_id: 0 }] });
      const run = await cli('v0', 'run', '--workers', '2');
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ counts: { matched: 1, mismatched: 0, error: 0 } });
      const v0Jobs = `\`${fixture.schemaPrefix}spikesorting_recompute_v0\`.\`~jobs\``;
      expect(await server.query(`SELECT key_hash FROM ${v0Jobs}`)).toEqual([]);
    }, 900_000);
  });
