import { execFileSync } from 'node:child_process';
import path from 'node:path';

// `recompute hash` is what other tools script against large files: it must not pay for
// MikroORM and the database drivers (~1,000 modules, ~0.4 s of start-up). A shared helper
// imported from a database command pulled them in once; this keeps it from happening again.
describe('hash commands load no database code', () => {
  it.each(['nwb', 'dir'])('hash %s', (command) => {
    const built = path.resolve(__dirname, '../../../dist/commands/hash', `${command}.js`);
    const script = `require(${JSON.stringify(built)}); const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ total: loaded.length, database: loaded.filter((f) => /@mikro-orm|[\\\\/]knex[\\\\/]|better-sqlite3|[\\\\/]mariadb[\\\\/]|[\\\\/]mysql2[\\\\/]/.test(f)) }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      total: number;
      database: string[];
    };
    expect(result.database).toEqual([]);
    expect(result.total).toBeGreaterThan(10);
  });
});

// Read-only database commands (`v1 status` over a large table should answer in well under 2 s,
// issue 15) open the database but never migrate it: the migrator (`@mikro-orm/migrations`,
// umzug and its command-line dependencies, ~230 modules) loads only in `db migrate` and on an
// out-of-date embedded SQLite file.
describe('status commands load no migration code', () => {
  it.each(['v0', 'v1'])('%s status', (pipeline) => {
    const built = path.resolve(__dirname, '../../../dist/commands', pipeline, 'status.js');
    const script = `require(${JSON.stringify(built)}); const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ total: loaded.length, migrations: loaded.filter((f) => /@mikro-orm[\\\\/]migrations|[\\\\/]umzug[\\\\/]/.test(f)) }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      total: number;
      migrations: string[];
    };
    expect(result.migrations).toEqual([]);
    expect(result.total).toBeGreaterThan(100);
  });
});
