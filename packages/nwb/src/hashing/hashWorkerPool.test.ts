import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HashNwbFileOptions } from './hashNwbFile';
import { hashInWorkerPool, type PoolHashWorker } from './hashWorkerPool';
import { defaultHdf5TimeoutMs } from './watchdog/hdf5Timeout';
import type { WatchedHashOutcome, WatchedHashRun } from './watchdog/WatchedHashWorker';

/** Stand-in workers: each hash waits `delayMs(path)`, records what it was given, and counts. */
function fakeWorkers(delayMs: (filePath: string) => number = () => 1, fail?: string) {
  const state = {
    created: 0,
    closed: 0,
    inFlight: 0,
    maxInFlight: 0,
    calls: [] as Array<{ worker: number; filePath: string; options: HashNwbFileOptions; run: WatchedHashRun }>,
  };
  const create = (): PoolHashWorker => {
    const worker = ++state.created;
    return {
      async hash(filePath, options, run): Promise<WatchedHashOutcome> {
        state.calls.push({ worker, filePath, options, run });
        state.inFlight += 1;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        await new Promise((resolve) => setTimeout(resolve, delayMs(filePath)));
        state.inFlight -= 1;
        if (filePath === fail) throw new Error(`worker ${worker} broke on ${filePath}`);
        return { ok: true, result: { algorithm: 'spyglass-nwb', hash: `md5 of ${filePath}`, namespaces: {} } };
      },
      async close() {
        state.closed += 1;
      },
    };
  };
  return { state, create };
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `/nowhere/f${i}.nwb`);

describe('hashInWorkerPool', () => {
  it('runs min(concurrency, files) workers at once, each taking the next file, and closes them all', async () => {
    const { state, create } = fakeWorkers();
    const outcomes = await hashInWorkerPool(names(5), {}, { concurrency: 3, timeoutMs: 10 }, 8, create);
    expect(outcomes).toHaveLength(5);
    expect(state).toMatchObject({ created: 3, closed: 3, maxInFlight: 3 });
    expect(state.calls.map((call) => call.filePath).sort()).toEqual(names(5));
  });

  it('defaults to one worker per file, at most the given parallelism', async () => {
    const few = fakeWorkers();
    await hashInWorkerPool(names(3), {}, { timeoutMs: 10 }, 8, few.create);
    expect(few.state).toMatchObject({ created: 3, maxInFlight: 3 });
    const many = fakeWorkers();
    await hashInWorkerPool(names(5), {}, { timeoutMs: 10 }, 2, many.create);
    expect(many.state).toMatchObject({ created: 2, closed: 2, maxInFlight: 2 });
  });

  it('uses one worker when asked for none, and returns no outcomes for no files', async () => {
    const zero = fakeWorkers();
    await hashInWorkerPool(names(2), {}, { concurrency: 0, timeoutMs: 10 }, 8, zero.create);
    expect(zero.state).toMatchObject({ created: 1, maxInFlight: 1 });
    expect(zero.state.calls.map((call) => call.worker)).toEqual([1, 1]);
    const none = fakeWorkers();
    expect(await hashInWorkerPool([], {}, {}, 8, none.create)).toEqual([]);
    expect(none.state.calls).toEqual([]);
  });

  it('returns the outcomes in input order, tagged with their paths, whatever order they finish in', async () => {
    const files = names(4);
    const { create } = fakeWorkers((filePath) => 40 - 10 * files.indexOf(filePath));
    const outcomes = await hashInWorkerPool(files, {}, { concurrency: 4, timeoutMs: 10 }, 8, create);
    expect(outcomes).toEqual(
      files.map((filePath) => ({
        path: filePath,
        ok: true,
        result: { algorithm: 'spyglass-nwb', hash: `md5 of ${filePath}`, namespaces: {} },
      })),
    );
  });

  it('when a worker throws, the others take no new file, and the error comes once all are closed', async () => {
    const files = names(4);
    const { state, create } = fakeWorkers((filePath) => (filePath === files[1] ? 1 : 30), files[1]);
    await expect(hashInWorkerPool(files, {}, { concurrency: 2, timeoutMs: 10 }, 8, create)).rejects.toThrow(
      `worker 2 broke on ${files[1]}`,
    );
    expect(state).toMatchObject({ created: 2, closed: 2 });
    expect(state.calls.map((call) => call.filePath)).toEqual(files.slice(0, 2));
  });

  it('rethrows the first error when two workers throw', async () => {
    const files = names(2);
    const { create } = fakeWorkers((filePath) => (filePath === files[0] ? 1 : 20));
    const failing = (): PoolHashWorker => {
      const worker = create();
      return {
        ...worker,
        hash: async (filePath, options, run) => {
          await worker.hash(filePath, options, run);
          throw new Error(`failed ${filePath}`);
        },
      };
    };
    await expect(hashInWorkerPool(files, {}, { concurrency: 2, timeoutMs: 10 }, 8, failing)).rejects.toThrow(`failed ${files[0]}`);
  });

  it('passes the hash options on, and budgets each file by its size unless a timeout is given', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hashpool-'));
    try {
      const big = path.join(tmp, 'big.nwb');
      writeFileSync(big, Buffer.alloc(3_000_000));
      const missing = path.join(tmp, 'missing.nwb');
      const options: HashNwbFileOptions = { precision: 2, objects: true };
      const byDefault = fakeWorkers();
      await hashInWorkerPool([big, missing], options, { concurrency: 1 }, 8, byDefault.create);
      expect(byDefault.state.calls.map((call) => [call.filePath, call.options, call.run])).toEqual([
        [big, options, { timeoutMs: defaultHdf5TimeoutMs(3_000_000) }],
        [missing, options, { timeoutMs: defaultHdf5TimeoutMs(0) }],
      ]);
      expect(defaultHdf5TimeoutMs(3_000_000)).toBeGreaterThan(defaultHdf5TimeoutMs(0));
      const given = fakeWorkers();
      await hashInWorkerPool([big], options, { timeoutMs: 1234 }, 8, given.create);
      expect(given.state.calls[0].run).toEqual({ timeoutMs: 1234 });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
