/*
 * Child-process entry for the engine's crash and multi-worker tests (compiled to
 * dist/engine/test-support/engineWorker.js; run `pnpm --filter @spyglass-recompute/engine build` first).
 * Usage: node engineWorker.js '<WorkerConfig JSON>'
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@spyglass-recompute/schema';
import { JobReserver } from '../../jobs/JobReserver';
import { MikroOrmJobStore } from '../../jobs/MikroOrmJobStore';
import { MikroOrmRecomputeStore } from '../MikroOrmRecomputeStore';
import { RecomputeEngine } from '../RecomputeEngine';
import type { RecomputeRow } from '../RecomputeStore';
import { fakeEnvironment } from './createFakeWorld';
import { FakePipeline, type FakeKey } from './FakePipeline';
import { fakeV1Descriptors } from './fakeV1Tables';

/** What a worker process does. */
export interface WorkerConfig {
  dbUrl: string;
  base: string;
  envId: string;
  kind: 'file' | 'folder';
  chunkDelayMs: number;
  /** Objects per artefact (must match the originals). */
  objects: number;
  /** `cycle`: attempt → populate → delete → ensure every key. `jobs`: populate with reserve-jobs until nothing is pending. */
  mode: 'cycle' | 'jobs';
  names: string[];
  /** Append one line per event (`start name pid`, `done name pid`) here. */
  logFile?: string;
  leaseMs?: number;
}

export async function runWorker(config: WorkerConfig): Promise<void> {
  const orm = await openDatabase(config.dbUrl);
  try {
    const recordingDir = path.join(config.base, 'recording');
    const tempDir = path.join(config.base, 'tmp');
    const log = (line: string) => config.logFile && appendFileSync(config.logFile, `${line} ${process.pid}\n`);
    const pipeline = new FakePipeline({ kind: config.kind, chunkDelayMs: config.chunkDelayMs, objects: config.objects });
    const regenerate = pipeline.regenerate.bind(pipeline);
    pipeline.regenerate = async (artefact, target, context) => {
      log(`start ${artefact.key.name}`);
      return regenerate(artefact, target, context);
    };
    const store = new MikroOrmRecomputeStore<FakeKey>(
      orm.em,
      fakeV1Descriptors((name) => pipeline.locate(recordingDir, name)),
    );
    const writeRecompute = store.writeRecompute.bind(store);
    store.writeRecompute = async (row: RecomputeRow<FakeKey>, names, hashes) => {
      await writeRecompute(row, names, hashes);
      log(`done ${row.recording.name}`);
    };
    const engine = new RecomputeEngine<FakeKey>({
      pipeline,
      store,
      environment: { envId: config.envId, snapshot: fakeEnvironment() },
      dataRoots: [recordingDir, tempDir],
      tempDir,
    });
    if (config.mode === 'cycle') {
      await engine.populateVersions();
      await engine.attempt();
      await engine.populate();
      await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, allowLargeDeletion: true });
      for (const name of config.names) await engine.ensureArtefact({ name });
      return;
    }
    const jobs = new JobReserver(new MikroOrmJobStore(orm.em), {
      tableName: 'fake_recompute.__recording_recompute',
      leaseMs: config.leaseMs ?? 3000,
    });
    let idleRounds = 0;
    for (;;) {
      const result = await engine.populate({}, { jobs });
      const status = await engine.status();
      if (status.pending === 0) return;
      const progressed = result.outcomes.some((outcome) => outcome.outcome !== 'reserved-elsewhere');
      idleRounds = progressed ? 0 : idleRounds + 1;
      // Held by others (maybe a dead worker whose lease must expire) or marked error: give up eventually.
      if (idleRounds > 300) throw new Error(`no progress: ${status.pending} attempts still pending`);
      if (!progressed) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  runWorker(JSON.parse(process.argv[2] ?? '{}') as WorkerConfig).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
