import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { Prehash, type ExpectedDigestInput, type PrehashOptions } from './Prehash';
import { CLAIMED_BY_WORKER, SIGNAL_HEARTBEAT, SIGNAL_POSTED, type PlannedDataset, type PrehashMessage } from './prehashProtocol';
import { scriptForSuite } from '../../test-support/scriptForSuite';

// A stand-in for prehashWorker: it speaks the same protocol (messages on `port`, SIGNAL_POSTED
// bumped and notified after each post, SIGNAL_HEARTBEAT beaten while busy, claim slots), but
// what it does is a script of steps the test passes as the "file path" (JSON). `ready` tells the
// test (on the worker's own parentPort, which Prehash does not use) that the steps before it
// have run. The real worker is exercised by Prehash.test.ts.
const STAND_IN = `
const { workerData, parentPort } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
const claims = new Int32Array(workerData.claims);
const start = Date.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
function post(message) {
  workerData.port.postMessage(message);
  Atomics.add(signal, ${SIGNAL_POSTED}, 1);
  Atomics.notify(signal, ${SIGNAL_POSTED});
}
async function run(steps) {
  for (const step of steps) {
    if (step.post) post(step.post);
    else if (step.claim !== undefined) Atomics.store(claims, step.claim, ${CLAIMED_BY_WORKER});
    else if (step.ready) parentPort.postMessage('ready');
    else if (step.exit !== undefined) process.exit(step.exit);
    else if (step.until !== undefined) await sleep(start + step.until - Date.now());
    else if (step.beatUntil !== undefined) {
      while (Date.now() < start + step.beatUntil) {
        Atomics.add(signal, ${SIGNAL_HEARTBEAT}, 1);
        await sleep(25);
      }
    } else throw new Error('unknown step ' + JSON.stringify(step));
  }
}
void run(JSON.parse(workerData.filePath));
`;

type Step = { post: PrehashMessage } | { claim: number } | { ready: true } | { exit: number } | { until: number } | { beatUntil: number };

/** Small, so the suite is fast; every bound below is a generous multiple of it. */
const STALL_MS = 800;
/** A wait that ends before this ends in time (a stall is noticed within stallMs + 200 ms). */
const BOUND_MS = 10 * STALL_MS;
/**
 * When the stand-ins post their late answers (and `done`), well after BOUND_MS: a wait that
 * wrongly outlives a stall or a `done` ends there (with an answer it must not give, and too late)
 * instead of blocking the thread for good (the waits are synchronous: jest cannot time them out).
 */
const LATE_MS = 15 * STALL_MS;
const TEST_TIMEOUT_MS = 20_000;

const A = 1000;
const B = 2000;
const C = 3000;
const D = 4000;
const UNPLANNED = 9999;

function dataset(index: number, objectAddress: number, chunks: number[] | null = null): PlannedDataset {
  return { index, objectAddress, path: `acquisition/d${index}/data`, chunks };
}
const plan = (...datasets: PlannedDataset[]): Step => ({ post: { type: 'plan', datasets } });
const digestOf = (objectAddress: number, prefix = '(100,)float64', precision = 0): string =>
  `digest-of-${objectAddress}-${prefix}-${precision}`;
/** The worker's answer for a dataset, computed from `prefix` and `precision`. */
const digest = (objectAddress: number, prefix = '(100,)float64', precision = 0): Step => ({
  post: { type: 'digest', objectAddress, prefix, precision, digest: digestOf(objectAddress, prefix, precision) },
});
const done: Step = { post: { type: 'done' } };
const expected = (prefix = '(100,)float64', precision = 0, chunks: number[] | null = null): ExpectedDigestInput => ({
  prefix,
  precision,
  chunks,
});

const script = scriptForSuite('prehash-waits', 'standInPrehashWorker.cjs', STAND_IN);

const open: Prehash[] = [];
afterEach(() => {
  for (const prehash of open.splice(0)) prehash.close();
});

/**
 * A Prehash on the stand-in. Prehash.spawn always starts the compiled prehashWorker, so this
 * goes through the private constructor (the arguments spawn passes it), with the steps as the
 * "file path".
 */
function standIn(steps: Step[]): Prehash {
  const PrehashOn = Prehash as unknown as new (script: string, filePath: string, options: PrehashOptions) => Prehash;
  const prehash = new PrehashOn(script(), JSON.stringify(steps), { minBytes: 0, precision: {}, stallMs: STALL_MS });
  open.push(prehash);
  return prehash;
}

/** The stand-in's thread (private to Prehash: the test only listens to it, for `ready` and exit). */
const workerOf = (prehash: Prehash): Worker => (prehash as unknown as { worker: Worker }).worker;
const ready = async (prehash: Prehash): Promise<void> => {
  await once(workerOf(prehash), 'message');
};

/** Runs `call` and returns its value with the milliseconds it blocked for. */
function timed<T>(call: () => T): [T, number] {
  const startedAt = Date.now();
  const value = call();
  return [value, Date.now() - startedAt];
}

describe('Prehash waits on its worker', () => {
  it(
    'gives up on a worker that posts nothing and does not beat: no plan, after stallMs and well before forever',
    () => {
      const prehash = standIn([{ until: LATE_MS }, plan(dataset(0, A)), digest(A), done]);
      const [planned, elapsed] = timed(() => prehash.planned());
      expect(planned).toEqual([]);
      expect(elapsed).toBeGreaterThanOrEqual(STALL_MS);
      expect(elapsed).toBeLessThan(BOUND_MS);
      // given up: every dataset is the caller's, at once
      const [answers, after] = timed(() => [prehash.covers(A), prehash.take(A, expected()), prehash.claim(A)]);
      expect(answers).toEqual([false, undefined, true]);
      expect(after).toBeLessThan(STALL_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'gives up on a worker that stalls after its plan: take() of a planned dataset is undefined after stallMs',
    () => {
      const prehash = standIn([plan(dataset(0, A), dataset(1, B)), { until: LATE_MS }, digest(A), digest(B), done]);
      expect(prehash.planned().map((d) => d.objectAddress)).toEqual([A, B]);
      const [taken, elapsed] = timed(() => prehash.take(A, expected()));
      expect(taken).toBeUndefined();
      expect(elapsed).toBeGreaterThanOrEqual(STALL_MS);
      expect(elapsed).toBeLessThan(BOUND_MS);
      const [answers, after] = timed(() => [prehash.take(B, expected()), prehash.covers(B), prehash.planned().length]);
      expect(answers).toEqual([undefined, true, 2]);
      expect(after).toBeLessThan(STALL_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps what a worker posted before it exited, without waiting on the dead worker',
    async () => {
      // (Giving up on a dead worker is the stall above; it is not asserted here, where a wait
      // that never gives up would block the thread for good: no late post can end it.)
      const prehash = standIn([plan(dataset(0, A), dataset(1, B)), digest(B), { exit: 1 }]);
      await once(workerOf(prehash), 'exit');
      const [answers, elapsed] = timed(() => [prehash.planned().map((d) => d.objectAddress), prehash.take(B, expected())]);
      expect(answers).toEqual([[A, B], digestOf(B)]);
      expect(elapsed).toBeLessThan(STALL_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps waiting on a worker that beats its heartbeat without posting, and gives up once the beat stops',
    () => {
      const startedAt = Date.now();
      const prehash = standIn([
        plan(dataset(0, A), dataset(1, B)),
        { beatUntil: 2 * STALL_MS },
        digest(A),
        { beatUntil: 4 * STALL_MS },
        { until: LATE_MS },
        digest(B),
        done,
      ]);
      // nothing posted for 2 × stallMs, but the heartbeat moved: the answer is still used
      expect(prehash.take(A, expected())).toBe(digestOf(A));
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2 * STALL_MS);
      expect(Date.now() - startedAt).toBeLessThan(BOUND_MS);
      // the worker beats on for another 2 × stallMs, then stops (within this one wait): a stall
      const [taken, elapsed] = timed(() => prehash.take(B, expected()));
      expect(taken).toBeUndefined();
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(4 * STALL_MS);
      expect(elapsed).toBeGreaterThanOrEqual(STALL_MS);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops waiting at `done`: a planned dataset whose result never came is the caller’s at once',
    async () => {
      const prehash = standIn([
        plan(dataset(0, A), dataset(1, B)),
        { ready: true },
        { until: 200 },
        done,
        // still beating after `done`, then a stray digest: neither may keep a wait going or be used
        { beatUntil: LATE_MS },
        digest(A),
        done,
      ]);
      await ready(prehash);
      const [taken, elapsed] = timed(() => prehash.take(A, expected()));
      expect(taken).toBeUndefined();
      expect(elapsed).toBeLessThan(BOUND_MS);
      const [answers, after] = timed(() => [prehash.take(B, expected()), prehash.planned().length, prehash.covers(A)]);
      expect(answers).toEqual([undefined, 2, true]);
      expect(after).toBeLessThan(STALL_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'returns at once after close(), before or after the plan came',
    async () => {
      const early = standIn([{ beatUntil: LATE_MS }, plan(dataset(0, A)), digest(A), done]);
      early.close();
      early.close(); // idempotent
      const [answers, elapsed] = timed(() => [early.planned(), early.covers(A), early.take(A, expected()), early.claim(A)]);
      expect(answers).toEqual([[], false, undefined, true]);
      expect(elapsed).toBeLessThan(BOUND_MS);

      const late = standIn([plan(dataset(0, A)), { ready: true }, { beatUntil: LATE_MS }, digest(A), done]);
      await ready(late);
      expect(late.covers(A)).toBe(true);
      late.close();
      const [taken, waited] = timed(() => late.take(A, expected()));
      expect(taken).toBeUndefined();
      expect(waited).toBeLessThan(BOUND_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'claims: unplanned datasets are the caller’s; a planned one goes to whoever claims it first',
    async () => {
      const prehash = standIn([
        { claim: 0 }, // the worker has started on its first dataset before posting the plan
        plan(dataset(0, A), dataset(1, B), dataset(2, C)),
        { ready: true },
        { beatUntil: LATE_MS },
        done,
      ]);
      await ready(prehash);
      const [claims, elapsed] = timed(() => [
        prehash.claim(UNPLANNED),
        prehash.claim(A),
        prehash.claim(B),
        prehash.claim(B),
        prehash.claim(C),
        prehash.claim(UNPLANNED),
      ]);
      expect(claims).toEqual([true, false, true, false, true, true]);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes a digest only when computed from the same inputs, keeping a result that came before the plan',
    async () => {
      const prefix = '(256, 4)float64';
      const prehash = standIn([
        digest(C, prefix), // before the plan
        plan(dataset(0, A, [64, 4]), dataset(1, B), dataset(2, C), dataset(3, D)),
        digest(A, prefix),
        digest(B, prefix, 3),
        { post: { type: 'skipped', objectAddress: D, reason: 'layout unsupported' } },
        { ready: true },
        { beatUntil: LATE_MS },
        done,
      ]);
      await ready(prehash);
      const [answers, elapsed] = timed(() => [
        prehash.take(A, expected(prefix, 0, [64, 4])),
        prehash.take(A, expected(`${prefix}x`, 0, [64, 4])),
        prehash.take(A, expected(prefix, 4, [64, 4])),
        prehash.take(A, expected(prefix, 0, [64, 2])),
        prehash.take(A, expected(prefix, 0, null)),
        prehash.take(B, expected(prefix, 3)),
        prehash.take(B, expected(prefix, 0)),
        prehash.take(B, expected(prefix, 3, [64, 4])),
        prehash.take(C, expected(prefix)),
        prehash.take(D, expected(prefix)),
        prehash.take(UNPLANNED, expected(prefix)),
      ]);
      expect(answers).toEqual([
        digestOf(A, prefix),
        undefined,
        undefined,
        undefined,
        undefined,
        digestOf(B, prefix, 3),
        undefined,
        undefined,
        digestOf(C, prefix),
        undefined,
        undefined,
      ]);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes several messages posted together without waiting for another',
    async () => {
      // the worker is alive (beating) and has nothing more to post until LATE_MS
      const prehash = standIn([plan(dataset(0, A), dataset(1, B)), digest(A), digest(B), { ready: true }, { beatUntil: LATE_MS }, done]);
      await ready(prehash);
      const [answers, elapsed] = timed(() => [prehash.planned().length, prehash.take(A, expected()), prehash.take(B, expected())]);
      expect(answers).toEqual([2, digestOf(A), digestOf(B)]);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
    TEST_TIMEOUT_MS,
  );
});
