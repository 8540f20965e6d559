import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mariadb';
import { loadSpyglassFixture, spyglassFixtureDir, type SpyglassFixture } from './loadSpyglassFixture';

// The Spyglass dump is MariaDB SQL: this runs against the test server only (and fails, never
// skips, when it is unreachable).
describe('loadSpyglassFixture', () => {
  let fixture: SpyglassFixture;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
  });
  afterAll(() => fixture?.drop());

  async function query<T>(sql: string): Promise<T[]> {
    const url = new URL(fixture.serverUrl);
    const connection = await createConnection({ host: url.hostname, port: Number(url.port), user: url.username, password: url.password });
    try {
      return (await connection.query(sql)) as T[];
    } finally {
      await connection.end();
    }
  }

  it('loads all 36 Spyglass schemas under the prefix, with the rows the fixture README lists', async () => {
    expect(fixture.schemas).toHaveLength(36);
    const loaded = await query<{ name: string }>(
      `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE '${fixture.schemaPrefix}%'`,
    );
    expect(loaded.map((row) => row.name).sort()).toEqual(fixture.schemas.map((schema) => fixture.schemaPrefix + schema).sort());
    const count = async (schema: string, table: string) =>
      Number((await query<{ n: bigint }>(`SELECT COUNT(*) AS n FROM \`${fixture.schemaPrefix}${schema}\`.\`${table}\``))[0]!.n);
    expect(await count('common_nwbfile', 'analysis_nwbfile')).toBe(2);
    expect(await count('common_nwbfile', '~external_analysis')).toBe(2);
    expect(await count('spikesorting_v1_recording', '__spike_sorting_recording')).toBe(2);
    expect(await count('spikesorting_v1_recompute', '__recording_recompute__name')).toBe(2);
    expect(await count('spikesorting_recompute_v0', '__recording_recompute__hash')).toBe(1);
    // Cross-schema foreign keys point at the prefixed schemas, not the originals.
    const references = await query<{ schema: string }>(
      `SELECT DISTINCT referenced_table_schema AS \`schema\` FROM information_schema.key_column_usage WHERE table_schema LIKE '${fixture.schemaPrefix}%' AND referenced_table_schema IS NOT NULL`,
    );
    for (const { schema } of references) expect(schema.startsWith(fixture.schemaPrefix)).toBe(true);
  });

  it('lays out every file the rows refer to, byte for byte, under its base dir', async () => {
    const layout = JSON.parse(readFileSync(path.join(spyglassFixtureDir, 'short.layout.json'), 'utf8')) as {
      mtime_epoch: number;
      files: Array<{ path: string; size: number; md5: string }>;
    };
    for (const file of layout.files) {
      const target = path.join(fixture.baseDir, file.path);
      const bytes = readFileSync(target);
      expect({ path: file.path, size: bytes.length, md5: createHash('md5').update(bytes).digest('hex') }).toEqual({
        path: file.path,
        size: file.size,
        md5: file.md5,
      });
      expect(statSync(target).mtimeMs).toBe(layout.mtime_epoch * 1000);
    }
    const paths = await query<{ recording_path: string }>(
      `SELECT recording_path FROM \`${fixture.schemaPrefix}spikesorting_recording\`.\`__spike_sorting_recording\``,
    );
    expect(paths).toHaveLength(2);
    for (const row of paths) {
      expect(row.recording_path.startsWith(path.join(fixture.baseDir, 'recording') + '/')).toBe(true);
      expect(existsSync(row.recording_path)).toBe(true);
    }
  });

  it('drops its schemas, those a test added under its prefix, and its base dir', async () => {
    const second = await loadSpyglassFixture();
    // as `db migrate` adds the recompute schemas to a 2024 Spyglass layout; another prefix stays
    const other = `${second.schemaPrefix.slice(0, -1)}x_common_user`;
    await query(`CREATE DATABASE \`${second.schemaPrefix}made_by_a_test\``);
    await query(`CREATE DATABASE \`${other}\``);
    await second.drop();
    await second.drop();
    expect(existsSync(second.baseDir)).toBe(false);
    const left = await query<{ n: bigint }>(
      `SELECT COUNT(*) AS n FROM information_schema.schemata WHERE schema_name LIKE '${second.schemaPrefix.replaceAll('_', '\\_')}%'`,
    );
    expect(Number(left[0]!.n)).toBe(0);
    const kept = await query<{ name: string }>(
      `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = '${other}'`,
    );
    expect(kept).toEqual([{ name: other }]);
    await query(`DROP DATABASE \`${other}\``);
  });
});
