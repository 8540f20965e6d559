import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mariadb';
import { loadSpyglassFixture, spyglassFixturePath, type SpyglassFixture } from './loadSpyglassFixture';

/** The parts of `spyglass-db-2024/short.summary.json` this test checks the loaded copy against. */
interface Summary2024 {
  schemas: string[];
  tables: Record<string, number>;
  rows_total: number;
  v0: Record<string, { recording_path: string; path: string }>;
}

// The Spyglass 0.5.4 lab (December 2024) through the same loader as today's dump. MariaDB only
// (the dump is MariaDB SQL); fails, never skips, when the test server is unreachable.
describe('loadSpyglassFixture("spyglass-db-2024")', () => {
  const fixtureDir = spyglassFixturePath('spyglass-db-2024');
  const summary = JSON.parse(readFileSync(path.join(fixtureDir, 'short.summary.json'), 'utf8')) as Summary2024;
  let fixture: SpyglassFixture;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture('spyglass-db-2024');
  });
  afterAll(() => fixture?.drop());

  async function query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    const url = new URL(fixture.serverUrl);
    const connection = await createConnection({ host: url.hostname, port: Number(url.port), user: url.username, password: url.password });
    try {
      return (await connection.query(sql, params)) as T[];
    } finally {
      await connection.end();
    }
  }
  const like = () => `${fixture.schemaPrefix.replace(/_/g, '\\_')}%`;

  it('loads the 29 schemas of Spyglass 0.5.4 under the prefix, every table with the row count of short.summary.json', async () => {
    expect(fixture.fixture).toBe('spyglass-db-2024');
    expect(fixture.schemas).toHaveLength(29);
    expect([...fixture.schemas].sort()).toEqual([...summary.schemas].sort());
    const loaded = await query<{ name: string }>('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [
      like(),
    ]);
    expect(loaded.map((row) => row.name).sort()).toEqual(summary.schemas.map((schema) => fixture.schemaPrefix + schema).sort());

    const tables = await query<{ s: string; t: string }>(
      'SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ?',
      [like()],
    );
    const counts: Record<string, number> = {};
    for (const { s, t } of tables) {
      const [row] = await query<{ n: bigint }>(`SELECT COUNT(*) AS n FROM \`${s}\`.\`${t}\``);
      counts[`${s.slice(fixture.schemaPrefix.length)}.${t}`] = Number(row!.n);
    }
    expect(counts).toEqual(summary.tables);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(summary.rows_total);
  });

  it('rewrites every cross-schema foreign key to the prefixed schemas', async () => {
    const references = await query<{ schema: string; n: bigint }>(
      'SELECT referenced_table_schema AS `schema`, COUNT(*) AS n FROM information_schema.key_column_usage WHERE table_schema LIKE ? AND referenced_table_schema IS NOT NULL GROUP BY 1',
      [like()],
    );
    // 0.5.4's v1 recording references common_* schemas, so a rewrite that missed one would show here.
    expect(references.length).toBeGreaterThan(10);
    for (const { schema } of references) expect(schema.startsWith(fixture.schemaPrefix)).toBe(true);
    // And no statement of the loaded SQL names an unprefixed schema in a `schema`.`table` reference
    // (row values such as `~log` event texts keep DataJoint's names on purpose).
    const statements = fixture.sql.split('\n').filter((line) => !line.startsWith('INSERT INTO ') && !line.startsWith('--'));
    for (const schema of summary.schemas) expect(statements.filter((line) => line.includes(`\`${schema}\`.\``))).toEqual([]);
  });

  it('lays out the 40 files of short.layout.json byte for byte with the 2024 mtime; v0 recording_path names them', async () => {
    const layout = JSON.parse(readFileSync(path.join(fixtureDir, 'short.layout.json'), 'utf8')) as {
      mtime_epoch: number;
      files: Array<{ path: string; size: number; md5: string; source: string }>;
    };
    expect(layout.mtime_epoch).toBe(1734696000);
    expect(layout.files).toHaveLength(40);
    // Both kinds of source: shared fixtures (v1 late-2024 files, v0 folders) and this fixture's own files/.
    expect(layout.files.filter((file) => file.source.startsWith('files/'))).toHaveLength(3);
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
    const rows = await query<{ recording_path: string; sort_group_id: number }>(
      `SELECT recording_path, sort_group_id FROM \`${fixture.schemaPrefix}spikesorting_recording\`.\`__spike_sorting_recording\` ORDER BY sort_group_id`,
    );
    expect(rows.map((row) => row.recording_path)).toEqual(
      Object.values(summary.v0).map((recording) => path.join(fixture.baseDir, recording.path)),
    );
    for (const row of rows) expect(existsSync(path.join(row.recording_path, 'traces_cached_seg0.raw'))).toBe(true);
  });
});
