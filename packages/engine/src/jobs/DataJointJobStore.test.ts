import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { decodeBlob } from '@spyglass-recompute/datajoint';
import { openSpyglassServer, testBackends, testServerAddress, type SpyglassServer } from '@spyglass-recompute/schema';
import { createDataJointJobs } from './createDataJointJobs';
import { DataJointJobStore } from './DataJointJobStore';
import { dataJointErrorMessage, dataJointJobsDdl } from './dataJointJobsDdl';
import type { DataJointJobsWorkerConfig } from './test-support/dataJointJobsWorker';

/*
 * DataJoint's ~jobs protocol against a real server (the MySQL/MariaDB test backends; SQLite has
 * no DataJoint). The "Python worker" below issues the statements datajoint-python 0.14's
 * JobTable.reserve/complete/error and AutoPopulate.populate(reserve_jobs=True) send, with the
 * key blob packed by hand from blob.py's rules (not by our encoder), so both sides are checked
 * against DataJoint rather than against each other. Child workers run the compiled
 * dist/jobs/test-support/dataJointJobsWorker.js: build the package first.
 */
const workerScript = path.resolve(__dirname, '../../dist/jobs/test-support/dataJointJobsWorker.js');
const TABLE = '__recording_recompute';
const HOST = hostname();

/** DataJoint's key_hash (hash.py): md5 over str(value) in sorted-field order. */
function pythonKeyHash(key: Record<string, string | number>): string {
  const md5 = createHash('md5');
  for (const field of Object.keys(key).sort()) md5.update(String(key[field]));
  return md5.digest('hex');
}

/** blob.py's pack() of a dict of str → str|int: `dj0\0`, then `\x04` + count + (len-prefixed packed key, packed value) pairs. */
function pythonKeyBlob(key: Record<string, string | number>): Buffer {
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  const packString = (s: string) => Buffer.concat([Buffer.from([0x05]), u64(Buffer.byteLength(s)), Buffer.from(s)]);
  const packInt = (v: number) => {
    // pack_int: n_bytes = bit_length // 8 + 1, little-endian two's complement (small non-negative ints here).
    const nBytes = Math.floor((v === 0 ? 0 : Math.floor(Math.log2(v)) + 1) / 8) + 1;
    const bytes = Buffer.alloc(nBytes);
    bytes.writeUIntLE(v, 0, nBytes);
    const len = Buffer.alloc(2);
    len.writeUInt16LE(nBytes);
    return Buffer.concat([Buffer.from([0x0a]), len, bytes]);
  };
  const item = (packed: Buffer) => Buffer.concat([u64(packed.length), packed]);
  const pairs = Object.entries(key).map(([field, value]) =>
    Buffer.concat([item(packString(field)), item(typeof value === 'number' ? packInt(value) : packString(value))]),
  );
  return Buffer.concat([Buffer.from('dj0\0'), Buffer.from([0x04]), u64(Object.keys(key).length), ...pairs]);
}

/** A Python DataJoint worker, as SQL: what jobs.py and autopopulate.py send. */
class PythonWorker {
  private user = '';
  private connectionId = 0;
  constructor(
    private readonly server: SpyglassServer,
    private readonly schema: string,
    readonly host: string,
    readonly pid: number,
  ) {}

  /** `Connection.__init__` / `JobTable.__init__`: connection_id() and user() are read once. */
  async connect(): Promise<this> {
    // JobTable.__init__ declares ~jobs when missing (the DDL itself is checked in its own test).
    await this.server.query(dataJointJobsDdl(this.schema));
    const [row] = await this.server.query('SELECT connection_id() AS id, user() AS user');
    this.connectionId = Number(row!.id);
    this.user = String(row!.user);
    return this;
  }

  /** `JobTable.reserve`: insert1 of the job dict; DuplicateError → False. */
  async reserve(key: Record<string, string | number>): Promise<boolean> {
    try {
      await this.server.query(
        `INSERT INTO \`${this.schema}\`.\`~jobs\` (\`table_name\`,\`key_hash\`,\`status\`,\`key\`,\`user\`,\`host\`,\`pid\`,\`connection_id\`) VALUES (?,?,?,?,?,?,?,?)`,
        [TABLE, pythonKeyHash(key), 'reserved', pythonKeyBlob(key), this.user, this.host, this.pid, this.connectionId],
      );
      return true;
    } catch (error) {
      if (/Duplicate entry/.test(String((error as Error).message))) return false;
      throw error;
    }
  }

  /** `JobTable.complete`: `(self & job_key).delete_quick()`. */
  async complete(key: Record<string, string | number>): Promise<void> {
    await this.server.query(`DELETE FROM \`${this.schema}\`.\`~jobs\` WHERE (\`table_name\`=?) AND (\`key_hash\`=?)`, [
      TABLE,
      pythonKeyHash(key),
    ]);
  }

  /** `JobTable.error`: insert1(..., replace=True) with the stack packed as a string blob. */
  async error(key: Record<string, string | number>, message: string, stack: string): Promise<void> {
    const stackBytes = Buffer.from(stack);
    const u64 = Buffer.alloc(8);
    u64.writeBigUInt64LE(BigInt(stackBytes.length));
    await this.server.query(
      `REPLACE INTO \`${this.schema}\`.\`~jobs\` (\`table_name\`,\`key_hash\`,\`status\`,\`key\`,\`error_message\`,\`error_stack\`,\`user\`,\`host\`,\`pid\`,\`connection_id\`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [
        TABLE,
        pythonKeyHash(key),
        'error',
        pythonKeyBlob(key),
        message,
        Buffer.concat([Buffer.from('dj0\0'), Buffer.from([0x05]), u64, stackBytes]),
        this.user,
        this.host,
        this.pid,
        this.connectionId,
      ],
    );
  }

  /** `populate(reserve_jobs=True)`: skip hashes with any jobs row, then reserve → make → complete for each key. */
  async populate(
    keys: Array<Record<string, string | number>>,
    make: (key: Record<string, string | number>) => Promise<void>,
    target?: string,
  ): Promise<void> {
    const excluded = new Set(
      (
        await this.server.query(
          `SELECT \`key_hash\` FROM \`${this.schema}\`.\`~jobs\` WHERE (\`table_name\`=?) AND (status in ("error", "ignore", "reserved"))`,
          [TABLE],
        )
      ).map((row) => String(row.key_hash)),
    );
    for (const key of keys.filter((k) => !excluded.has(pythonKeyHash(k)))) {
      if (!(await this.reserve(key))) continue;
      // `if key in self.target`: done meanwhile by another worker → complete and move on.
      if (
        target &&
        (await this.server.query(`SELECT 1 FROM \`${this.schema}\`.\`${target}\` WHERE key_hash=?`, [pythonKeyHash(key)])).length > 0
      ) {
        await this.complete(key);
        continue;
      }
      await make(key);
      if (target) await this.server.query(`INSERT INTO \`${this.schema}\`.\`${target}\` (key_hash) VALUES (?)`, [pythonKeyHash(key)]);
      await this.complete(key);
    }
  }
}

const rowsOf = async (server: SpyglassServer, schema: string) =>
  server.query(`SELECT *, UNIX_TIMESTAMP(\`timestamp\`) AS ts FROM \`${schema}\`.\`~jobs\` ORDER BY \`key_hash\``);

const keyOf = (i: number) => ({ nwb_file_name: `rec${String(i).padStart(3, '0')}_.nwb`, rounding: 4, env_id: 'lab_env_01' });

const serverBackends = testBackends().filter((backend) => backend !== 'sqlite');

for (const backend of serverBackends)
  describe(`DataJoint ~jobs protocol (${backend})`, () => {
    let server: SpyglassServer;
    let schema: string;
    let logDir: string;

    beforeAll(async () => {
      server = await openSpyglassServer(`${backend}://${testServerAddress()}`);
      logDir = mkdtempSync(path.join(tmpdir(), 'dj-jobs-'));
    });
    beforeEach(async () => {
      schema = `djjobs_test_${randomBytes(5).toString('hex')}`;
      await server.query(`CREATE DATABASE \`${schema}\``);
    });
    afterEach(async () => {
      await server.query(`DROP DATABASE IF EXISTS \`${schema}\``);
    });
    afterAll(async () => {
      await server?.close();
      rmSync(logDir, { recursive: true, force: true });
    });

    const ours = (options: Partial<Parameters<typeof createDataJointJobs>[0]> = {}) =>
      createDataJointJobs({ query: server.query, schema, tableName: TABLE, ...options });

    it('creates ~jobs with the table DataJoint 0.14 declares (columns, types, defaults, comments, table comment)', async () => {
      await new DataJointJobStore({ query: server.query, schema }).ensureTables();
      await new DataJointJobStore({ query: server.query, schema }).ensureTables(); // idempotent
      const [row] = await server.query(`SHOW CREATE TABLE \`${schema}\`.\`~jobs\``);
      const ddl = String(row!['Create Table']).replace(/ DEFAULT CHARSET=\S+( COLLATE=\S+)?/, '');
      expect(ddl).toBe(
        [
          'CREATE TABLE `~jobs` (',
          "  `table_name` varchar(255) NOT NULL COMMENT 'className of the table',",
          "  `key_hash` char(32) NOT NULL COMMENT 'key hash',",
          "  `status` enum('reserved','error','ignore') NOT NULL COMMENT 'if tuple is missing, the job is available',",
          "  `key` blob DEFAULT NULL COMMENT 'structure containing the key',",
          "  `error_message` varchar(2047) NOT NULL DEFAULT '' COMMENT 'error message returned if failed',",
          "  `error_stack` mediumblob DEFAULT NULL COMMENT 'error stack if failed',",
          "  `user` varchar(255) NOT NULL DEFAULT '' COMMENT 'database user',",
          "  `host` varchar(255) NOT NULL DEFAULT '' COMMENT 'system hostname',",
          "  `pid` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'system process id',",
          "  `connection_id` bigint(20) unsigned NOT NULL DEFAULT 0 COMMENT 'connection_id()',",
          "  `timestamp` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'automatic timestamp',",
          '  PRIMARY KEY (`table_name`,`key_hash`)',
          `) ENGINE=InnoDB COMMENT='job reservation table for \`${schema}\`'`,
        ].join('\n'),
      );
    });

    it('a read-only listing where only Python workers have reserved (~jobs, no lease table) shows their rows and creates nothing', async () => {
      const python = await new PythonWorker(server, schema, 'node-py', 4242).connect();
      expect(await python.reserve(keyOf(7))).toBe(true);
      const rows = await new DataJointJobStore({ query: server.query, schema }).listIfPresent(TABLE);
      expect(rows).toMatchObject([
        {
          tableName: TABLE,
          keyHash: pythonKeyHash(keyOf(7)),
          status: 'reserved',
          host: 'node-py',
          pid: 4242,
          key: keyOf(7),
          leaseExpiresAt: null,
        },
      ]);
      const tablesNow = await server.query(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name`,
        [schema],
      );
      expect(tablesNow.map((row) => String(row.t))).toEqual(['~jobs']);
    });

    it("lists and removes one table's jobs only; a read-only listing creates nothing and finds none before ~jobs exists", async () => {
      const { store, reserver } = ours();
      // status (read-only) on a schema DataJoint never reserved in: no tables, no rows, nothing created
      expect(await store.listIfPresent()).toEqual([]);
      expect(await store.listIfPresent(TABLE)).toEqual([]);
      expect(await server.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = ?`, [schema])).toEqual([]);
      const lease = await reserver.reserve(keyOf(1));
      expect(lease).not.toBeNull();
      // another table's rows, as a Python worker populating another table leaves them
      for (const [hash, status] of [
        ['a'.repeat(32), 'error'],
        ['b'.repeat(32), 'reserved'],
      ])
        await server.query(`INSERT INTO \`${schema}\`.\`~jobs\` (table_name, key_hash, status) VALUES ('__other_table', ?, ?)`, [
          hash,
          status,
        ]);
      const tables = (rows: { tableName: string }[]) => rows.map((row) => row.tableName);
      expect(tables(await store.list())).toEqual(['__other_table', '__other_table', TABLE]);
      const [mine] = await store.list(TABLE);
      expect(mine).toMatchObject({ tableName: TABLE, keyHash: pythonKeyHash(keyOf(1)), status: 'reserved', key: keyOf(1) });
      // ours carries its lease; a DataJoint row never expires
      expect(mine!.leaseExpiresAt).toBeInstanceOf(Date);
      expect(tables(await store.listIfPresent(TABLE))).toEqual([TABLE]);
      expect((await store.listIfPresent(TABLE))[0]!.leaseExpiresAt).toBeInstanceOf(Date);
      expect(tables(await store.listIfPresent())).toEqual(['__other_table', '__other_table', TABLE]);
      expect((await store.listIfPresent()).filter((row) => row.tableName !== TABLE).map((row) => row.leaseExpiresAt)).toEqual([null, null]);
      // remove counts and deletes only the named table's rows (of one status when given)
      expect(await store.remove('__other_table', 'error')).toBe(1);
      expect(tables(await store.list())).toEqual(['__other_table', TABLE]);
      expect(await store.remove(TABLE, 'error')).toBe(0);
      expect(await store.remove(TABLE)).toBe(1);
      expect(tables(await store.list())).toEqual(['__other_table']);
      await lease!.complete(); // stops its heartbeat; the row is gone already
    });

    it('reserves a key with the same row a Python worker writes (key blob, key_hash, user, host, status, timestamp)', async () => {
      const python = await new PythonWorker(server, schema, HOST, process.pid).connect();
      const { reserver } = ours();
      const lease = await reserver.reserve(keyOf(1));
      expect(lease).not.toBeNull();
      expect(await python.reserve(keyOf(2))).toBe(true);
      const [mine, theirs] = await rowsOf(server, schema).then((rows) => [
        rows.find((r) => r.key_hash === pythonKeyHash(keyOf(1)))!,
        rows.find((r) => r.key_hash === pythonKeyHash(keyOf(2)))!,
      ]);
      const [now] = await server.query('SELECT UNIX_TIMESTAMP() AS ts');
      for (const [row, key] of [
        [mine!, keyOf(1)],
        [theirs!, keyOf(2)],
      ] as const) {
        expect(row.table_name).toBe(TABLE);
        expect(row.status).toBe('reserved');
        expect(Buffer.from(row.key as Uint8Array).equals(pythonKeyBlob(key))).toBe(true);
        expect(row.error_message).toBe('');
        expect(row.error_stack).toBeNull();
        expect(row.host).toBe(HOST);
        expect(Number(row.pid)).toBe(process.pid);
        expect(Number(row.connection_id)).toBeGreaterThan(0);
        expect(Math.abs(Number(now!.ts) - Number(row.ts))).toBeLessThanOrEqual(5);
      }
      expect(mine!.user).toBe(theirs!.user); // both USER() of the session: 'root@localhost' style
      expect(String(mine!.user)).toMatch(/^[^@]+@.+$/);
      expect(Object.keys(mine!).sort()).toEqual(Object.keys(theirs!).sort());
      await lease!.complete();
      expect((await rowsOf(server, schema)).map((r) => r.key_hash)).toEqual([pythonKeyHash(keyOf(2))]);
    });

    it('skips a key a Python worker reserved, and the Python worker skips ours; error and ignore rows are never taken', async () => {
      const python = await new PythonWorker(server, schema, 'cluster-node-7', 4242).connect();
      const { reserver, store } = ours();
      expect(await python.reserve(keyOf(1))).toBe(true);
      expect(await reserver.reserve(keyOf(1))).toBeNull();
      const lease = await reserver.reserve(keyOf(2));
      expect(lease).not.toBeNull();
      expect(await python.reserve(keyOf(2))).toBe(false);
      // populate()'s pre-filter also sees our reservation.
      const made: string[] = [];
      await python.populate([keyOf(2), keyOf(3)], async (key) => void made.push(String(key.nwb_file_name)));
      expect(made).toEqual(['rec003_.nwb']);
      await python.error(keyOf(4), 'ValueError: broken', 'Traceback...');
      await server.query(
        `INSERT INTO \`${schema}\`.\`~jobs\` (\`table_name\`,\`key_hash\`,\`status\`,\`key\`,\`user\`,\`host\`,\`pid\`,\`connection_id\`) VALUES (?,?,'ignore',?,'u','h',1,1)`,
        [TABLE, pythonKeyHash(keyOf(5)), pythonKeyBlob(keyOf(5))],
      );
      expect(await reserver.reserve(keyOf(4))).toBeNull();
      expect(await reserver.reserve(keyOf(5))).toBeNull();
      const listed = await store.list(TABLE);
      expect(listed.map((row) => [row.key.nwb_file_name, row.status, row.host]).sort()).toEqual([
        ['rec001_.nwb', 'reserved', 'cluster-node-7'],
        ['rec002_.nwb', 'reserved', HOST],
        ['rec004_.nwb', 'error', 'cluster-node-7'],
        ['rec005_.nwb', 'ignore', 'h'],
      ]);
      expect(listed.find((row) => row.key.nwb_file_name === 'rec001_.nwb')!.key).toEqual(keyOf(1));
      expect(listed.find((row) => row.status === 'error')).toMatchObject({
        errorMessage: 'ValueError: broken',
        errorStack: 'Traceback...',
      });
      await lease!.complete();
    });

    it('writes error rows as DataJoint does: "Class: message", cut to 2047 with "...truncated", the stack as a string blob', async () => {
      const python = await new PythonWorker(server, schema, HOST, process.pid).connect();
      const { reserver } = ours();
      const failing = await reserver.reserve(keyOf(1));
      await failing!.fail(new TypeError('bad input'));
      const long = await reserver.reserve(keyOf(2));
      await long!.fail(new RangeError('x'.repeat(5000)));
      await python.reserve(keyOf(3));
      await python.error(keyOf(3), 'TypeError: bad input', 'Traceback (most recent call last):\n  ...');
      const rows = await rowsOf(server, schema);
      const byKey = (i: number) => rows.find((r) => r.key_hash === pythonKeyHash(keyOf(i)))!;
      const [mine, longRow, theirs] = [byKey(1), byKey(2), byKey(3)];
      expect(mine.status).toBe('error');
      expect(mine.error_message).toBe('TypeError: bad input');
      expect(mine.error_message).toBe(theirs.error_message);
      expect(Buffer.from(mine.key as Uint8Array).equals(pythonKeyBlob(keyOf(1)))).toBe(true);
      const stack = Buffer.from(mine.error_stack as Uint8Array);
      expect(stack.subarray(0, 5).toString('latin1')).toBe('dj0\0\x05'); // a str blob, like Python's traceback text
      expect(String(decodeBlob(stack))).toContain('TypeError: bad input');
      expect(
        Buffer.from(theirs.error_stack as Uint8Array)
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('dj0\0\x05');
      expect(longRow.error_message).toHaveLength(2047);
      expect(String(longRow.error_message).endsWith('x...truncated')).toBe(true);
      expect(longRow.error_message).toBe(dataJointErrorMessage(new RangeError('x'.repeat(5000))));
      for (const row of [mine, theirs]) expect([row.host, Number(row.pid), row.user]).toEqual([HOST, process.pid, theirs.user]);
      // An error row is not reserved again, by either side.
      expect(await reserver.reserve(keyOf(1))).toBeNull();
      expect(await python.reserve(keyOf(1))).toBe(false);
    });

    it('heartbeats refresh timestamp on our own reservations only', async () => {
      const python = await new PythonWorker(server, schema, HOST, process.pid).connect();
      const { reserver, store } = ours();
      const lease = await reserver.reserve(keyOf(1));
      await python.reserve(keyOf(2));
      await server.query(`UPDATE \`${schema}\`.\`~jobs\` SET \`timestamp\` = CURRENT_TIMESTAMP - INTERVAL 1 HOUR`);
      await lease!.heartbeat();
      expect(lease!.held).toBe(true);
      const rows = await rowsOf(server, schema);
      const [now] = await server.query('SELECT UNIX_TIMESTAMP() AS ts');
      const age = (i: number) => Number(now!.ts) - Number(rows.find((r) => r.key_hash === pythonKeyHash(keyOf(i)))!.ts);
      expect(age(1)).toBeLessThanOrEqual(5);
      expect(age(2)).toBeGreaterThanOrEqual(3600 - 5);
      expect((await store.find(TABLE, pythonKeyHash(keyOf(2))))!.leaseExpiresAt).toBeNull(); // DataJoint rows never expire
      await lease!.complete();
    });

    it('reclaims only provably dead holders: same host + dead pid, or our own stale heartbeat; never a Python worker elsewhere', async () => {
      const dead = 2_147_000_001; // no such pid
      const alive = (pid: number) => pid !== dead;
      const here = ours({ host: 'node-a', isProcessAlive: alive, reserver: { owner: { host: 'node-a', pid: process.pid } } });
      // 1: a Python worker on this host whose pid is dead → provably dead.
      await (await new PythonWorker(server, schema, 'node-a', dead).connect()).reserve(keyOf(1));
      // 2: a Python worker on this host, alive, reservation an hour old → kept.
      await (await new PythonWorker(server, schema, 'node-a', 77).connect()).reserve(keyOf(2));
      // 3: a Python worker on another node, an hour old (DataJoint rows carry no heartbeat) → kept.
      await (await new PythonWorker(server, schema, 'node-b', dead).connect()).reserve(keyOf(3));
      // 4 and 5: ours on another node; 4's heartbeat stopped an hour ago, 5's is fresh.
      const elsewhere = ours({ host: 'node-b', isProcessAlive: () => true, reserver: { owner: { host: 'node-b', pid: 555 } } });
      const stale = await elsewhere.reserver.reserve(keyOf(4));
      await elsewhere.reserver.reserve(keyOf(5));
      const aged = [1, 2, 3, 4].map((i) => pythonKeyHash(keyOf(i)));
      await server.query(
        `UPDATE \`${schema}\`.\`~jobs\` SET \`timestamp\` = CURRENT_TIMESTAMP - INTERVAL 1 HOUR WHERE \`key_hash\` IN (?,?,?,?)`,
        aged,
      );
      // 6: a stale row on another node that looks like ours but whose holder changed (a Python worker
      // took the key after our reservation ended): the lease row names another connection → not ours.
      await elsewhere.reserver.reserve(keyOf(6));
      await server.query(
        `UPDATE \`${schema}\`.\`~jobs\` SET \`connection_id\`=\`connection_id\`+1000, \`timestamp\` = CURRENT_TIMESTAMP - INTERVAL 1 HOUR WHERE \`key_hash\`=?`,
        [pythonKeyHash(keyOf(6))],
      );

      const taken = [];
      for (let i = 1; i <= 6; i += 1) taken.push((await here.reserver.reserve(keyOf(i))) !== null);
      expect(taken).toEqual([true, false, false, true, false, false]);
      const rows = await here.store.list(TABLE);
      expect(
        rows
          .filter((row) => row.host === 'node-a' && row.pid === process.pid)
          .map((row) => row.key.nwb_file_name)
          .sort(),
      ).toEqual(['rec001_.nwb', 'rec004_.nwb']);
      // The robbed-of-its-key stale holder finds out at its next heartbeat and cannot complete ours.
      await stale!.heartbeat();
      expect(stale!.held).toBe(false);
      await stale!.complete();
      expect((await here.store.find(TABLE, pythonKeyHash(keyOf(4))))!.host).toBe('node-a');
    });

    describe('with worker processes', () => {
      beforeAll(() => {
        if (!existsSync(workerScript))
          throw new Error(`${workerScript} is missing: run \`pnpm --filter @spyglass-recompute/engine build\` before these tests.`);
      });

      const startWorker = (
        config: DataJointJobsWorkerConfig,
      ): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } => {
        const child = spawn(process.execPath, [workerScript, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        return { child, exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))) };
      };
      const events = (file: string) =>
        existsSync(file)
          ? readFileSync(file, 'utf8')
              .trim()
              .split('\n')
              .filter(Boolean)
              .map((line) => line.split(' '))
          : [];

      it('two of our worker processes and a Python worker share one ~jobs table: every key is done exactly once', async () => {
        const keys = Array.from({ length: 30 }, (_, i) => keyOf(i));
        const logFile = path.join(logDir, `share-${schema}.log`);
        const url = `${backend}://${testServerAddress()}`;
        await server.query(`CREATE TABLE \`${schema}\`.\`${TABLE}\` (key_hash char(32) NOT NULL PRIMARY KEY)`);
        const workers = [0, 1].map((n) =>
          startWorker({
            url,
            schema,
            tableName: TABLE,
            targetTable: TABLE,
            keys: n === 0 ? keys : [...keys].reverse(),
            logFile,
            workMs: 40,
          }),
        );
        const python = await new PythonWorker(server, schema, 'python-node', 31337).connect();
        // Start populating once both of ours are working, so all three compete for the same keys.
        const started = Date.now();
        while (new Set(events(logFile).map(([, , pid]) => pid)).size < 2 && Date.now() - started < 60_000)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const pythonDone: string[] = [];
        // Shuffled order, as populate(order="random") would.
        const shuffled = [...keys].sort((a, b) => pythonKeyHash(a).localeCompare(pythonKeyHash(b)));
        await python.populate(
          shuffled,
          async (key) => {
            pythonDone.push(pythonKeyHash(key));
            await new Promise((resolve) => setTimeout(resolve, 40));
          },
          TABLE,
        );
        const exits = await Promise.all(workers.map((w) => w.exit));
        for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });
        const done = [
          ...events(logFile)
            .filter(([kind]) => kind === 'done')
            .map(([, hash]) => hash!),
          ...pythonDone,
        ];
        expect(done.sort()).toEqual(keys.map(pythonKeyHash).sort());
        expect(Number((await server.query(`SELECT COUNT(*) AS n FROM \`${schema}\`.\`${TABLE}\``))[0]!.n)).toBe(keys.length);
        // Each of the three took part.
        expect(
          new Set(
            events(logFile)
              .filter(([kind]) => kind === 'done')
              .map(([, , pid]) => pid),
          ).size,
        ).toBe(2);
        expect(pythonDone.length).toBeGreaterThan(0);
        expect(await rowsOf(server, schema)).toEqual([]);
      });

      it("a SIGKILLed worker's reservations are reclaimed by ours on the same host (dead pid), not before it dies, and never a live Python worker's", async () => {
        const keys = Array.from({ length: 6 }, (_, i) => keyOf(i));
        const logFile = path.join(logDir, `kill-${schema}.log`);
        const url = `${backend}://${testServerAddress()}`;
        await server.query(`CREATE TABLE \`${schema}\`.\`${TABLE}\` (key_hash char(32) NOT NULL PRIMARY KEY)`);
        const victim = startWorker({
          url,
          schema,
          tableName: TABLE,
          targetTable: TABLE,
          keys: keys.slice(0, 3),
          logFile,
          workMs: 10,
          holdAfter: 1,
        });
        const deadline = Date.now() + 60_000;
        while (!events(logFile).some(([kind]) => kind === 'holding') && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
        const victimHash = events(logFile).find(([kind]) => kind === 'start')![1]!;
        const python = await new PythonWorker(server, schema, HOST, process.pid).connect();
        expect(await python.reserve(keyOf(5))).toBe(true);
        const { reserver } = ours();
        // While the victim lives, its reservation is not taken.
        expect(await reserver.reserve(keyOf(0))).toBeNull();
        victim.child.kill('SIGKILL');
        expect((await victim.exit).signal).toBe('SIGKILL');
        const taken = await reserver.reserve(keyOf(0));
        expect(taken).not.toBeNull();
        expect(pythonKeyHash(keyOf(0))).toBe(victimHash);
        expect(taken!.row.pid).toBe(process.pid);
        // The live Python worker's reservation on this host stays its own.
        expect(await reserver.reserve(keyOf(5))).toBeNull();
        await taken!.complete();
        const left = await rowsOf(server, schema);
        expect(left.map((row) => [row.key_hash, Number(row.pid)])).toEqual([[pythonKeyHash(keyOf(5)), process.pid]]);
      });
    });
  });
