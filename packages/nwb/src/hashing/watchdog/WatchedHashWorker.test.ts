import type { Worker } from 'node:worker_threads';
import { RecomputeError } from '@spyglass-recompute/errors';
import { WatchedHashWorker } from './WatchedHashWorker';
import { scriptForSuite } from '../../test-support/scriptForSuite';

// A stand-in for hashFileWorker: what it does with a task is chosen by the task's path, and its
// answers echo the task and count the tasks this thread has seen (one thread reused, or a fresh
// one after a kill). The real worker is exercised by hangingInputs.test.ts.
const STAND_IN = `
const { parentPort, threadId } = require('node:worker_threads');
let seen = 0;
parentPort.on('message', (task) => {
  seen += 1;
  const result = { algorithm: 'spyglass-nwb', hash: JSON.stringify({ task, seen, threadId }), namespaces: {} };
  switch (task.path) {
    case 'ok':
      parentPort.postMessage({ id: task.id, result });
      break;
    case 'chatty':
      // An answer for another task first (a stale one), then progress, then the result.
      parentPort.postMessage({ id: task.id + 100, result: { ...result, hash: 'not mine' } });
      parentPort.postMessage({ id: task.id, progress: { done: 1, total: 2, object: 'acquisition' } });
      parentPort.postMessage({ id: task.id, progress: { done: 2, total: 2, object: 'acquisition/e' } });
      parentPort.postMessage({ id: task.id, result });
      break;
    case 'typed-error':
      parentPort.postMessage({ id: task.id, error: { code: 'NOT_HDF5', message: 'typed-error is not an HDF5 file', exitCode: 2, details: { file: 'typed-error' } } });
      break;
    case 'exit':
      process.exit(3);
      break;
    case 'throw':
      throw new Error('wasm abort\\nstack line');
    case 'hang-after-progress':
      parentPort.postMessage({ id: task.id, progress: { done: 1, total: 9, object: 'general' } });
      break;
    default:
      // never answers
  }
});
`;

const script = scriptForSuite('watched-worker', 'standInHashWorker.cjs', STAND_IN);

/** What the stand-in echoed for a successful task. */
function echoed(outcome: Awaited<ReturnType<WatchedHashWorker['hash']>>): {
  task: Record<string, unknown>;
  seen: number;
  threadId: number;
} {
  if (!outcome.ok) throw new Error(`expected a result, got ${outcome.error.code}`);
  return JSON.parse(outcome.result.hash);
}

describe('WatchedHashWorker', () => {
  it('posts the task (numbered, pipelined off by default, progress only when asked) and reuses one healthy thread', async () => {
    const worker = new WatchedHashWorker(script());
    try {
      const first = echoed(await worker.hash('ok', { precision: 2 }, { timeoutMs: 5000 }));
      expect(first.task).toEqual({ id: 0, path: 'ok', options: { precision: 2 }, pipelined: false, progress: false });
      const second = echoed(await worker.hash('ok', {}, { timeoutMs: 5000, pipelined: true, onObject: () => undefined }));
      expect(second.task).toEqual({ id: 1, path: 'ok', options: {}, pipelined: true, progress: true });
      expect(second.seen).toBe(2);
      expect(second.threadId).toBe(first.threadId);
      // each task removes the listeners it added: a reused thread does not pile them up
      const thread = (worker as unknown as { worker: Worker }).worker;
      expect(['message', 'error', 'exit'].map((event) => thread.listenerCount(event))).toEqual([0, 0, 0]);
    } finally {
      await worker.close();
    }
  });

  it("passes on its own task's progress and result, ignoring messages for other tasks", async () => {
    const worker = new WatchedHashWorker(script());
    const progress: Array<[number, number, string]> = [];
    try {
      const outcome = await worker.hash(
        'chatty',
        {},
        { timeoutMs: 5000, onObject: (done, total, object) => progress.push([done, total, object]) },
      );
      expect(echoed(outcome).task.path).toBe('chatty');
      expect(progress).toEqual([
        [1, 2, 'acquisition'],
        [2, 2, 'acquisition/e'],
      ]);
    } finally {
      await worker.close();
    }
  });

  it('revives a typed error the worker reports, and keeps the thread', async () => {
    const worker = new WatchedHashWorker(script());
    try {
      const failed = await worker.hash('typed-error', {}, { timeoutMs: 5000 });
      expect(failed.ok).toBe(false);
      if (failed.ok) return;
      expect(failed.error).toBeInstanceOf(RecomputeError);
      expect(failed.error).toMatchObject({
        code: 'NOT_HDF5',
        message: 'typed-error is not an HDF5 file',
        exitCode: 2,
        details: { file: 'typed-error' },
      });
      expect(echoed(await worker.hash('ok', {}, { timeoutMs: 5000 })).seen).toBe(2);
    } finally {
      await worker.close();
    }
  });

  it.each([
    ['exit', 'hashing worker exited with code 3'],
    ['throw', 'wasm abort'],
  ])('a thread that dies (%s) ends the file as HDF5_CORRUPT naming why; the next file gets a fresh thread', async (how, why) => {
    const worker = new WatchedHashWorker(script());
    try {
      const crashed = await worker.hash(how, {}, { timeoutMs: 5000 });
      expect(crashed).toMatchObject({
        ok: false,
        error: {
          code: 'HDF5_CORRUPT',
          exitCode: 2,
          message: `${how}: the HDF5 reader crashed on this file (${why}) — the file looks damaged`,
        },
      });
      const next = echoed(await worker.hash('ok', {}, { timeoutMs: 5000 }));
      expect(next.seen).toBe(1);
      expect(next.task.id).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('a file past its budget ends as HDF5_TIMEOUT naming the last object the thread reported, and the thread is replaced', async () => {
    const worker = new WatchedHashWorker(script());
    try {
      const started = Date.now();
      const late = await worker.hash('hang-after-progress', {}, { timeoutMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(late).toMatchObject({
        ok: false,
        error: { code: 'HDF5_TIMEOUT', details: { file: 'hang-after-progress', timeoutMs: 300, object: 'general' } },
      });
      const silent = await worker.hash('silent', {}, { timeoutMs: 200 });
      expect(silent).toMatchObject({ ok: false, error: { code: 'HDF5_TIMEOUT', details: { file: 'silent', timeoutMs: 200 } } });
      if (!silent.ok) expect(silent.error.details).not.toHaveProperty('object');
      expect(echoed(await worker.hash('ok', {}, { timeoutMs: 5000 })).seen).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('close is idempotent and a closed worker starts a fresh thread when used again', async () => {
    const worker = new WatchedHashWorker(script());
    const before = echoed(await worker.hash('ok', {}, { timeoutMs: 5000 }));
    await worker.close();
    await worker.close();
    const after = echoed(await worker.hash('ok', {}, { timeoutMs: 5000 }));
    expect(after.seen).toBe(1);
    expect(after.threadId).not.toBe(before.threadId);
    await worker.close();
  });
});
