import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, testBackends, type TestBackend, type TestDatabase } from '@spyglass-recompute/schema';
import { MikroOrmJobStore } from '../jobs/MikroOrmJobStore';
import { MikroOrmRecomputeStore } from './MikroOrmRecomputeStore';
import { RecomputeEngine } from './RecomputeEngine';
import { fakeEnvironment } from './test-support/createFakeWorld';
import { FakePipeline, type FakeKey } from './test-support/FakePipeline';
import { clearFakeTables, fakeV1Descriptors, registerFakeRecording, seedFakeParents } from './test-support/fakeV1Tables';
import type { WorkerConfig } from './test-support/engineWorker';

/*
 * Crash safety and distributed populate with real processes. Workers run the compiled
 * entry (dist/engine/test-support/engineWorker.js): build the package first.
 */
const workerScript = path.resolve(__dirname, '../../dist/engine/test-support/engineWorker.js');
const ENV_ID = 'tester_default_00';

function startWorker(config: WorkerConfig): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [workerScript, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exit };
}

/** Small deterministic PRNG (mulberry32) so a failing kill schedule can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dbUrlOf(db: TestDatabase): string {
  return db.url;
}

beforeAll(() => {
  if (!existsSync(workerScript)) {
    throw new Error(`${workerScript} is missing: run \`pnpm --filter @spyglass-recompute/engine build\` before these tests.`);
  }
});

const crashBackends = testBackends().filter((backend): backend is TestBackend => backend !== 'mysql');

/** The cycle is cut into this many strata; each kill aims at a random moment of its own stratum. */
const KILL_STRATA = 11;

/**
 * Which strata each backend's kills aim at. Every backend is killed in strata spread over the whole
 * cycle (every phase: versions, attempt, populate, delete, regenerate on demand), and together the
 * backends cover all 11 strata: sqlite the even ones, mariadb the odd ones; a lone backend gets all
 * 11. Each kill is a spawned worker process (~1 CPU-s of Node and MikroORM start-up), so the strata
 * are split rather than repeated on both, as the killed CLI deletions are (killedDeletionReruns in
 * apps/cli). The resume logic after each crash point is tested on every backend in process by
 * crashResidue.test.ts (crashResidueSuite).
 */
function killStrata(backends: readonly TestBackend[]): Map<TestBackend, number[]> {
  const all = Array.from({ length: KILL_STRATA }, (_, stratum) => stratum);
  return new Map(backends.map((backend, index) => [backend, all.filter((stratum) => stratum % backends.length === index)]));
}
const strataOf = killStrata(crashBackends);

for (const backend of crashBackends)
  describe(`crash safety: SIGKILL during regenerate/delete (${backend})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      await seedFakeParents(db.orm.em, [ENV_ID]);
    });
    afterAll(async () => db.drop());

    const strata = strataOf.get(backend)!;
    it(`never leaves a lost or half-written artefact at an official path, and the DB agrees with the disk (${strata.length} kills spread over the cycle, in strata ${strata.join(', ')} of ${KILL_STRATA})`, async () => {
      const names = ['aa1', 'aa2', 'bb1', 'bb2'];
      const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
      const random = prng(seed);
      let fullRunMs = 0;
      let killedMidRun = 0;
      // Run 0 measures a full cycle; each later run is killed at a random moment of its own
      // eleventh of the cycle (stratified: every phase — versions, attempt, populate, delete,
      // regenerate on demand — gets kills in every run of the suite, where 21 independent random
      // moments could cluster). Each run is a spawned process: fewer, better-spread kills.
      const runs = 1 + strata.length;
      for (let run = 0; run < runs; run += 1) {
        const base = mkdtempSync(path.join(tmpdir(), 'crash-'));
        try {
          await clearFakeTables(db.orm.em);
          const pipeline = new FakePipeline({ kind: 'folder', objects: 6, chunkDelayMs: 8 });
          const recordingDir = path.join(base, 'recording');
          const tempDir = path.join(base, 'tmp');
          const originals = [];
          for (const name of names) {
            const artefact = await pipeline.createOriginal(recordingDir, name);
            await registerFakeRecording(db.orm.em, artefact);
            originals.push(artefact);
          }
          mkdirSync(tempDir, { recursive: true });
          const config: WorkerConfig = {
            dbUrl: dbUrlOf(db),
            base,
            envId: ENV_ID,
            kind: 'folder',
            chunkDelayMs: 8,
            objects: 6,
            mode: 'cycle',
            names,
          };
          const started = Date.now();
          const worker = startWorker(config);
          // Run 0 is not killed: it measures how long a full cycle takes.
          const delay = run === 0 ? null : Math.floor(fullRunMs * (0.05 + (0.9 * (strata[run - 1]! + random())) / KILL_STRATA));
          const timer = delay === null ? undefined : setTimeout(() => worker.child.kill('SIGKILL'), delay);
          const outcome = await worker.exit;
          clearTimeout(timer);
          if (run === 0) {
            expect(outcome).toMatchObject({ code: 0 });
            fullRunMs = Date.now() - started;
          } else if (outcome.signal === 'SIGKILL') killedMidRun += 1;
          else {
            expect(outcome.code).toBe(0);
            // It finished before its kill: cycles run faster now (a less loaded machine), so
            // later kills aim inside the shorter cycle.
            fullRunMs = Math.min(fullRunMs, Date.now() - started);
          }

          const store = new MikroOrmRecomputeStore<FakeKey>(
            db.orm.em,
            fakeV1Descriptors((name) => pipeline.locate(recordingDir, name)),
          );
          if (run === 0) {
            // the uninterrupted cycle really matched, deleted and regenerated every artefact
            const rows = await store.listRecomputes({});
            // (regeneration on demand clears `deleted` again: the file is back on disk)
            expect(rows.map((row) => [row.recording.name, row.matched, row.deleted]).sort()).toEqual(
              names.map((name) => [name, true, false]),
            );
          }
          // 1. Whatever sits at an official path is whole (its hash is the stored one).
          for (const artefact of originals) {
            if (existsSync(artefact.path))
              expect({ run, seed, name: artefact.key.name, hash: (await pipeline.hash(artefact.path)).hash }).toEqual({
                run,
                seed,
                name: artefact.key.name,
                hash: artefact.hash,
              });
          }
          // 2. The DB agrees with the disk: a row not flagged deleted has its file.
          for (const row of await store.listRecomputes({})) {
            if (!row.deleted)
              expect({
                run,
                seed,
                name: row.recording.name,
                exists: existsSync(pipeline.locate(recordingDir, row.recording.name).path),
              }).toMatchObject({ exists: true });
          }
          // 3. Nothing is lost: every artefact can be brought back and verified.
          const engine = new RecomputeEngine<FakeKey>({
            pipeline,
            store,
            environment: { envId: ENV_ID, snapshot: fakeEnvironment() },
            dataRoots: [recordingDir, tempDir],
            tempDir,
          });
          for (const artefact of originals) {
            const ensured = await engine.ensureArtefact(artefact.key);
            expect(ensured.path).toBe(artefact.path);
            expect((await pipeline.hash(artefact.path)).hash).toBe(artefact.hash);
          }
        } finally {
          rmSync(base, { recursive: true, force: true });
        }
      }
      // The schedule must actually interrupt workers, or this test proves nothing (the last
      // strata may fall after a quick run's end): at least 8 in 11, as many in proportion of fewer.
      expect(killedMidRun).toBeGreaterThanOrEqual(Math.ceil((strata.length * 8) / KILL_STRATA));
    }, 600_000);
  });

const jobBackends = testBackends().filter((backend) => backend === 'mariadb');

for (const backend of jobBackends)
  describe(`distributed populate with reserve-jobs (${backend})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      await seedFakeParents(db.orm.em, [ENV_ID]);
    });
    afterAll(async () => db.drop());

    it('4 workers, 200 keys, one SIGKILLed mid-run: every key completed exactly once after its lease expires', async () => {
      const base = mkdtempSync(path.join(tmpdir(), 'jobs-'));
      try {
        const names = Array.from({ length: 200 }, (_, i) => `k${String(i).padStart(3, '0')}`);
        const pipeline = new FakePipeline({ kind: 'file', objects: 3 });
        const recordingDir = path.join(base, 'recording');
        const tempDir = path.join(base, 'tmp');
        mkdirSync(tempDir, { recursive: true });
        for (const name of names) await registerFakeRecording(db.orm.em, await pipeline.createOriginal(recordingDir, name));
        const store = new MikroOrmRecomputeStore<FakeKey>(
          db.orm.em,
          fakeV1Descriptors((name) => pipeline.locate(recordingDir, name)),
        );
        const engine = new RecomputeEngine<FakeKey>({
          pipeline,
          store,
          environment: { envId: ENV_ID, snapshot: fakeEnvironment() },
          dataRoots: [recordingDir, tempDir],
          tempDir,
        });
        await engine.populateVersions();
        expect((await engine.attempt()).inserted).toHaveLength(200);

        const logFile = path.join(base, 'events.log');
        const config: WorkerConfig = {
          dbUrl: db.url,
          base,
          envId: ENV_ID,
          kind: 'file',
          chunkDelayMs: 15,
          objects: 3,
          mode: 'jobs',
          names: [],
          logFile,
          leaseMs: 3000,
        };
        const workers = Array.from({ length: 4 }, () => startWorker(config));
        const victim = workers[0]!;
        const victimPid = victim.child.pid;
        // Kill the victim while it is inside a regeneration (after it has started a few keys).
        for (;;) {
          const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : [];
          const starts = lines.filter((line) => line.startsWith('start ') && line.endsWith(` ${victimPid}`));
          if (starts.length >= 5) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        victim.child.kill('SIGKILL');
        const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 150_000).unref());
        const finished = await Promise.race([Promise.all(workers.map((worker) => worker.exit)), deadline]);
        if (finished === 'timeout') {
          for (const worker of workers) worker.child.kill('SIGKILL');
          const stderrs = (await Promise.all(workers.map((worker) => worker.exit))).map((exit) => exit.stderr.slice(0, 2000));
          const jobsLeft = await new MikroOrmJobStore(db.orm.em).list();
          throw new Error(
            `workers did not finish: ${JSON.stringify({ stderrs, jobsLeft: jobsLeft.slice(0, 5), status: await engine.status() })}`,
          );
        }
        const exits = finished;
        expect(exits[0]!.signal).toBe('SIGKILL');
        for (const exit of exits.slice(1)) expect(exit).toMatchObject({ code: 0 });

        const rows = await store.listRecomputes({});
        expect(rows).toHaveLength(200);
        expect(rows.every((row) => row.matched)).toBe(true);
        expect(new Set(rows.map((row) => row.recording.name)).size).toBe(200);

        const events = readFileSync(logFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split(' '));
        const done = new Map<string, string[]>();
        for (const [event, name, pid] of events) if (event === 'done') done.set(name!, [...(done.get(name!) ?? []), pid!]);
        const victimStarts = events.filter(([event, , pid]) => event === 'start' && pid === String(victimPid)).map(([, name]) => name!);
        const interrupted = victimStarts.filter((name) => !(done.get(name) ?? []).includes(String(victimPid)));
        // completed exactly once: one row per key, never written twice
        for (const name of names) {
          const writers = done.get(name) ?? [];
          if (writers.length === 0)
            expect(interrupted).toContain(name); // killed between its write and its log line
          else expect({ name, writers: writers.length }).toEqual({ name, writers: 1 });
        }
        // the victim's in-flight key was taken over by another worker once its lease expired
        expect(interrupted.length).toBeGreaterThanOrEqual(1);
        const retried = interrupted.filter((name) => (done.get(name) ?? []).some((pid) => pid !== String(victimPid)));
        expect(retried.length).toBeGreaterThanOrEqual(1);
        // no reservation is left behind
        expect(await new MikroOrmJobStore(db.orm.em).list()).toEqual([]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    }, 300_000);
  });
