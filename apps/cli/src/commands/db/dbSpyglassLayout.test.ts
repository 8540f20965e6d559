import { loadSpyglassFixture, openSpyglassServer, type SpyglassFixture, type SpyglassServer } from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// `db status` / `db migrate` with --layout spyglass on the real Spyglass dump, loaded under a
// random schema prefix into the test MariaDB (fails, never skips, when it is unreachable). The
// commands run in process (runCliInProcess); the spawned bin on this layout is spyglassLifecycle.test.ts.
describe('recompute db status/migrate --layout spyglass', () => {
  let fixture: SpyglassFixture;
  let server: SpyglassServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
    server = await openSpyglassServer(fixture.serverUrl);
    env = { RECOMPUTE_DB_URL: fixture.serverUrl, RECOMPUTE_DB_LAYOUT: 'spyglass', SPYGLASS_BASE_DIR: fixture.baseDir };
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.drop();
  });

  /** CHECKSUM TABLE of every table in the prefixed schemas except `skip` ones: contents and row counts. */
  async function checksums(skipSchemas: string[]): Promise<Record<string, string>> {
    const tables = await server.query(
      'SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ? ORDER BY 1, 2',
      [`${fixture.schemaPrefix.replace(/_/g, '\\_')}%`],
    );
    const out: Record<string, string> = {};
    for (const { s, t } of tables) {
      if (skipSchemas.includes(String(s).slice(fixture.schemaPrefix.length))) continue;
      const [row] = await server.query(`CHECKSUM TABLE \`${String(s)}\`.\`${String(t)}\``);
      out[`${String(s)}.${String(t)}`] = String(row!.Checksum);
    }
    return out;
  }

  it('reports the recompute tables present, and a first and second migrate change nothing', async () => {
    const before = await checksums([]);
    const status = await runCliInProcess(['db', 'status', '--schema-prefix', fixture.schemaPrefix, '--json'], env);
    expect(status.exitCode).toBe(0);
    expect(status.json).toMatchObject({ layout: 'spyglass', schemaPrefix: fixture.schemaPrefix, missing: [] });
    expect((status.json as { upstream: unknown[] }).upstream.length).toBeGreaterThan(0);
    for (let run = 0; run < 2; run++) {
      const migrate = await runCliInProcess(['db', 'migrate', '--schema-prefix', fixture.schemaPrefix, '--json'], env);
      expect(migrate.exitCode).toBe(0);
      expect(migrate.json).toMatchObject({ layout: 'spyglass', statements: [], upToDate: true });
    }
    expect(await checksums([])).toEqual(before);
  });

  it('adds a missing recompute schema and nothing else; upstream contents stay byte-identical', async () => {
    const upstreamBefore = await checksums(['spikesorting_v1_recompute']);
    await server.query(`DROP DATABASE \`${fixture.schemaPrefix}spikesorting_v1_recompute\``);
    const status = await runCliInProcess(['db', 'status', '--schema-prefix', fixture.schemaPrefix, '--json'], env);
    expect(status.exitCode).toBe(0);
    expect((status.json as { missing: string[] }).missing).toContain(
      `${fixture.schemaPrefix}spikesorting_v1_recompute.__recording_recompute`,
    );

    const first = await runCliInProcess(['db', 'migrate', '--schema-prefix', fixture.schemaPrefix, '--json'], env);
    expect(first.exitCode).toBe(0);
    expect(first.json).toMatchObject({ upToDate: false });
    expect(
      (first.json as { statements: string[] }).statements.every((sql) => sql.includes(`${fixture.schemaPrefix}spikesorting_v1_recompute`)),
    ).toBe(true);
    const second = await runCliInProcess(['db', 'migrate', '--schema-prefix', fixture.schemaPrefix, '--json'], env);
    expect(second.json).toMatchObject({ statements: [], upToDate: true });
    expect(await checksums(['spikesorting_v1_recompute'])).toEqual(upstreamBefore);
  });

  it('fails with exit 2 naming the missing schemas on a server without them under the prefix', async () => {
    const run = await runCliInProcess(['db', 'status', '--schema-prefix', 'no_such_lab_', '--json'], env);
    expect(run.exitCode).toBe(2);
    expect(run.json).toMatchObject({ error: { code: 'SPYGLASS_SCHEMA_MISSING' } });
    expect(JSON.stringify(run.json)).toContain('no_such_lab_common_nwbfile');
    const human = await runCliInProcess(['db', 'migrate', '--layout', 'spyglass', '--db', 'sqlite:///tmp/none.sqlite'], {
      ...env,
      RECOMPUTE_DB_LAYOUT: undefined,
    });
    expect(human.exitCode).toBe(2);
    expect(human.stderr).toContain('DB_LAYOUT_UNSUPPORTED');
  });
});
