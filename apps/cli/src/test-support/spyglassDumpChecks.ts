import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SpyglassFixture, SpyglassServer } from '@spyglass-recompute/schema';

/** One row as the server returns it. */
export type DumpRow = Record<string, unknown>;

/** A row as comparable text (binary columns as hex, dates as ISO), for before/after comparisons. */
export function dumpRowText(row: DumpRow): string {
  return JSON.stringify(
    Object.entries(row).map(([column, value]) => [
      column,
      Buffer.isBuffer(value) ? value.toString('hex') : value instanceof Date ? value.toISOString() : value,
    ]),
  );
}

/** Every row of every table in the fixture's prefixed schemas, by `schema.table` (prefix removed). */
export async function snapshotSpyglassDump(server: SpyglassServer, fixture: SpyglassFixture): Promise<Map<string, DumpRow[]>> {
  const tables = await server.query(
    'SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ? ORDER BY 1, 2',
    [`${fixture.schemaPrefix.replace(/_/g, '\\_')}%`],
  );
  const out = new Map<string, DumpRow[]>();
  for (const { s, t } of tables) {
    const rows = await server.query(`SELECT * FROM \`${String(s)}\`.\`${String(t)}\``);
    out.set(`${String(s).slice(fixture.schemaPrefix.length)}.${String(t)}`, rows);
  }
  return out;
}

/**
 * DataJoint's fetch rule for `filepath@analysis` (external.py download_filepath): each file's size
 * and md5 must equal its `~external_analysis` row. Returns how many rows were checked.
 */
export async function expectDataJointFetchable(server: SpyglassServer, fixture: SpyglassFixture): Promise<number> {
  const rows = await server.query(
    `SELECT filepath, size, contents_hash FROM \`${fixture.schemaPrefix}common_nwbfile\`.\`~external_analysis\``,
  );
  for (const row of rows) {
    const file = path.join(fixture.baseDir, 'analysis', String(row.filepath));
    expect((await stat(file)).size).toBe(Number(row.size));
    expect(
      createHash('md5')
        .update(await readFile(file))
        .digest('hex'),
    ).toBe((row.contents_hash as Buffer).toString('hex'));
  }
  return rows.length;
}
