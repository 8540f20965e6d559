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

// The read-only pipeline commands build an engine but never run a pipeline step: the pipeline
// implementation (writer, preprocessing, the common package's ingest code) loads on a step's
// first use (`deferredPipeline`), and the commands import the module face from its own entry
// point (`@spyglass-recompute/v1/recompute-module`), not the package index. Commands import
// oclif's parts (`@oclif/core/flags`, ...), not its index (~60 modules of help and ux code).
// Issue 15: a whole `v1 status` process loaded 1,170 modules before, 1,045 after.
describe('read-only pipeline commands load no pipeline implementation', () => {
  /** Files only a pipeline step needs (common's `idRanges` is the one light file error messages use). */
  const implementation = String.raw`[\\/](preprocessing[\\/]dist|common[\\/]dist[\\/](?!ingest[\\/]idRanges)|v[01][\\/]dist[\\/](folder|nwb[\\/]write|recompute[\\/]V[01]RecomputePipeline))`;
  const oclifIndex = String.raw`@oclif[\\/]core[\\/]lib[\\/]index\.js$`;

  it('v0 and v1 status, list, show and diff (loaded together: none of them may load it)', () => {
    const built = ['status', 'list', 'show', 'diff'].flatMap((command) =>
      ['v0', 'v1'].map((pipeline) => path.resolve(__dirname, '../../../dist/commands', pipeline, `${command}.js`)),
    );
    const script = `for (const file of ${JSON.stringify(built)}) require(file); const loaded = Object.keys(require.cache);
      const matching = (pattern) => loaded.filter((f) => new RegExp(pattern).test(f));
      console.log(JSON.stringify({ total: loaded.length, implementation: matching(${JSON.stringify(implementation)}), oclifIndex: matching(${JSON.stringify(oclifIndex)}) }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      total: number;
      implementation: string[];
      oclifIndex: string[];
    };
    expect(result.implementation).toEqual([]);
    expect(result.oclifIndex).toEqual([]);
    expect(result.total).toBeGreaterThan(100);
  });
});
