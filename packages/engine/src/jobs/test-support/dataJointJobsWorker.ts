/*
 * Child-process entry for the DataJoint ~jobs tests (compiled to
 * dist/jobs/testing/dataJointJobsWorker.js; build the package first).
 * Usage: node dataJointJobsWorker.js '<DataJointJobsWorkerConfig JSON>'
 * Reserves each key in turn through DataJointJobStore + JobReserver, logs `start`/`done` lines,
 * and with `holdAfter` stops after that many reservations and waits to be killed.
 */
import { appendFileSync } from 'node:fs';
import { openSpyglassServer } from '@spyglass-recompute/schema';
import { createDataJointJobs } from '../createDataJointJobs';

/** What a worker process does. */
export interface DataJointJobsWorkerConfig {
  /** `mysql://` / `mariadb://` server URL. */
  url: string;
  schema: string;
  tableName: string;
  keys: Array<Record<string, string | number>>;
  /** One line per event: `start <keyHash> <pid>`, `done <keyHash> <pid>`. */
  logFile: string;
  /** Pretend work per key. */
  workMs: number;
  /**
   * The populated table: a key is done once its `key_hash` row is there (DataJoint's `key in
   * self.target` check after reserving); created by the test.
   */
  targetTable: string;
  /** Hold this many reservations, then block until killed. @default never */
  holdAfter?: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as DataJointJobsWorkerConfig;
  const server = await openSpyglassServer(config.url);
  const { reserver } = createDataJointJobs({ query: server.query, schema: config.schema, tableName: config.tableName });
  let held = 0;
  for (const key of config.keys) {
    const lease = await reserver.reserve(key);
    if (!lease) continue;
    const target = `\`${config.schema}\`.\`${config.targetTable}\``;
    if ((await server.query(`SELECT 1 FROM ${target} WHERE key_hash=?`, [lease.row.keyHash])).length > 0) {
      await lease.complete(); // already populated by someone else
      continue;
    }
    appendFileSync(config.logFile, `start ${lease.row.keyHash} ${process.pid}\n`);
    held += 1;
    if (config.holdAfter !== undefined && held >= config.holdAfter) {
      appendFileSync(config.logFile, `holding ${process.pid}\n`);
      await new Promise(() => setInterval(() => undefined, 1_000));
    }
    await new Promise((resolve) => setTimeout(resolve, config.workMs));
    await server.query(`INSERT INTO ${target} (key_hash) VALUES (?)`, [lease.row.keyHash]);
    appendFileSync(config.logFile, `done ${lease.row.keyHash} ${process.pid}\n`);
    await lease.complete();
  }
  await server.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
