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

/** The changes a recompute life cycle may make to a lab's Spyglass database, for {@link upstreamDifferences}. */
export interface AllowedUpstreamChanges {
  /**
   * Row changes allowed per `schema.table` (prefix removed): maps a row of the later snapshot back
   * to its earlier state when its change is an allowed one (e.g. a NULL hash backfilled with
   * Spyglass's value), and returns any other row as it is.
   */
  revert?: Record<string, (row: DumpRow) => DumpRow>;
  /** Columns per `schema.table` whose values may change in every row (e.g. external checksums). */
  mayChange?: Record<string, readonly string[]>;
  /**
   * Tables Recompute adds rows to (whole schemas, and single tables of other schemas): every row
   * of the earlier snapshot must still be there, compared without the `bookkeeping` columns
   * Recompute maintains on attempts (`created_at`, `deleted`); with `emptyBefore`, the earlier
   * snapshot must have none (tables `db migrate` created for Recompute).
   */
  addedTo: {
    schemas: readonly string[];
    tables?: readonly string[];
    bookkeeping?: readonly string[];
    emptyBefore?: true;
  };
}

/**
 * What changed between two snapshots of the same dump (snapshotSpyglassDump) beyond `allowed`:
 * one line per table that differs; empty when the life cycle touched nothing it may not. Every
 * other table must hold the same rows (in any order).
 */
export function upstreamDifferences(
  before: Map<string, DumpRow[]>,
  after: Map<string, DumpRow[]>,
  allowed: AllowedUpstreamChanges,
): string[] {
  const differences: string[] = [];
  const { addedTo } = allowed;
  for (const [table, beforeRows] of before) {
    const schema = table.split('.')[0]!;
    let afterRows = after.get(table);
    if (afterRows === undefined) {
      differences.push(`${table}: gone`);
      continue;
    }
    let oldRows = beforeRows;
    const revert = allowed.revert?.[table];
    if (revert) afterRows = afterRows.map(revert);
    const mayChange = allowed.mayChange?.[table];
    if (mayChange) {
      const blank = (row: DumpRow) => ({ ...row, ...Object.fromEntries(mayChange.map((column) => [column, null])) });
      afterRows = afterRows.map(blank);
      oldRows = oldRows.map(blank);
    }
    if (addedTo.schemas.includes(schema) || addedTo.tables?.includes(table)) {
      if (addedTo.emptyBefore) {
        if (oldRows.length > 0) differences.push(`${table}: baseline had ${oldRows.length} rows`);
        continue;
      }
      const bookkeeping = Object.fromEntries((addedTo.bookkeeping ?? []).map((column) => [column, null]));
      const withoutBookkeeping = (row: DumpRow) => dumpRowText({ ...row, ...bookkeeping });
      const present = new Set(afterRows.map(withoutBookkeeping));
      for (const row of oldRows) if (!present.has(withoutBookkeeping(row))) differences.push(`${table}: lost ${dumpRowText(row)}`);
      continue;
    }
    const a = oldRows.map(dumpRowText).sort();
    const b = afterRows.map(dumpRowText).sort();
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${table}: ${a.length} → ${b.length} rows, contents differ`);
  }
  return differences;
}
