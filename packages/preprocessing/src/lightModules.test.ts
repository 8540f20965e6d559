import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Reading a raw trace must not pay for MikroORM and the database drivers: before issue 16 the
// package imported core's index and loaded 1,141 modules (321 of them database code). It
// depends on @spyglass-recompute/nwb only; this keeps a database import from creeping back.
describe('importing preprocessing loads no database code', () => {
  it('the built index', () => {
    const built = path.resolve(__dirname, '../dist/index.js');
    const script = `require(${JSON.stringify(built)}); const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ total: loaded.length, database: loaded.filter((f) => /@mikro-orm|[\\\\/]knex[\\\\/]|better-sqlite3|[\\\\/]mariadb[\\\\/]|[\\\\/]mysql2[\\\\/]|[\\\\/]schema[\\\\/]dist[\\\\/]|[\\\\/]engine[\\\\/]dist[\\\\/]/.test(f)) }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      total: number;
      database: string[];
    };
    expect(result.database).toEqual([]);
    expect(result.total).toBeGreaterThan(10);
  });
});
