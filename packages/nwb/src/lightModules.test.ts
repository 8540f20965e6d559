import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The package is the database-free half of the old core: its index must load no MikroORM, no
// driver and none of our database packages (schema, engine), so a consumer that only hashes
// installs and loads none of them.
describe('importing nwb loads no database code', () => {
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
