import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { ArtefactRegenerator } from './ArtefactRegenerator';
import { keyId } from './keyId';
import type { RegenerateContext, StoredArtefact } from './RecomputePipeline';
import type { FakeKey } from './test-support/FakePipeline';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';

/*
 * The cross-process lock of on-demand regeneration (`{temp}/.locks/{schema}/{md5(key)}.lock`,
 * holding `hostname pid`), exercised in one process: which locks are broken as stale, which are
 * waited for, and that the lock is gone afterwards.
 */

/** A pid that belonged to a process of this host that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('the regeneration lock', () => {
  let w: FakeWorld;
  let lockFile: string;
  beforeEach(async () => {
    w = await createFakeWorld({ names: ['aa1'] });
    rmSync(w.artefacts[0]!.path);
    const lockDir = path.join(w.tempDir, '.locks', w.pipeline.schema);
    mkdirSync(lockDir, { recursive: true });
    lockFile = path.join(
      lockDir,
      `${createHash('md5')
        .update(keyId({ name: 'aa1' }))
        .digest('hex')}.lock`,
    );
  });
  afterEach(async () => rm(w.base, { recursive: true, force: true }));

  it('is taken and released around a regeneration', async () => {
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
    expect(existsSync(lockFile)).toBe(false);
    expect(existsSync(w.artefacts[0]!.path)).toBe(true);
  });

  it('a lock of a dead process of this host is broken', async () => {
    writeFileSync(lockFile, `${hostname()} ${deadPid()}`);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 60_000 })).toMatchObject({ regenerated: true });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('a lock of a live process, or of another host, is waited for until lockWaitMs, then REGENERATION_TIMEOUT', async () => {
    for (const owner of [`${hostname()} ${process.pid}`, `another-host-${hostname()} ${deadPid()}`]) {
      writeFileSync(lockFile, owner);
      await expect(w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 150 })).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT' });
      expect(existsSync(lockFile)).toBe(true);
      expect(existsSync(w.artefacts[0]!.path)).toBe(false);
      expect(w.pipeline.regenerations).toBe(0);
    }
  });

  it('a written lock is judged by its owner, never by its age: an hour-old lock of a live process is waited for', async () => {
    // Only an empty lock (no owner written) ages out; a long regeneration keeps its lock.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const owner of [`${hostname()} ${process.pid}`, `another-host-${hostname()} ${deadPid()}`]) {
      writeFileSync(lockFile, owner);
      utimesSync(lockFile, hourAgo, hourAgo);
      await expect(w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 150 })).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT' });
      expect(existsSync(lockFile)).toBe(true);
      expect(w.pipeline.regenerations).toBe(0);
    }
  });

  it('an empty lock (its owner died before writing it) is waited for while fresh and broken after 5 s', async () => {
    writeFileSync(lockFile, '');
    await expect(w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 150 })).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT' });
    const old = new Date(Date.now() - 6_000);
    utimesSync(lockFile, old, old);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 150 })).toMatchObject({ regenerated: true });
  });

  it('a blank lock (only a line end, no owner) counts as empty: broken once older than 5 s', async () => {
    writeFileSync(lockFile, '\n');
    const old = new Date(Date.now() - 6_000);
    utimesSync(lockFile, old, old);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 150 })).toMatchObject({ regenerated: true });
    expect(existsSync(lockFile)).toBe(false);
  });

  /** Runs `during` inside the pipeline's regeneration, i.e. while the fetch holds the lock. */
  function duringRegeneration(during: () => void): void {
    const regenerate = w.pipeline.regenerate.bind(w.pipeline);
    w.pipeline.regenerate = async (artefact: StoredArtefact<FakeKey>, target: string, context: RegenerateContext) => {
      during();
      await regenerate(artefact, target, context);
    };
  }

  it('holds `hostname pid` while held, so waiters and cleanup can tell whose it is and whether it is stale', async () => {
    const held: string[] = [];
    duringRegeneration(() => held.push(readFileSync(lockFile, 'utf8')));
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
    expect(held).toEqual([`${hostname()} ${process.pid}`]);
  });

  it('a lock removed by someone else while held (judged stale by another process) does not fail the finished fetch', async () => {
    duringRegeneration(() => rmSync(lockFile));
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
    expect(existsSync(w.artefacts[0]!.path)).toBe(true);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('a lock that cannot be created for another reason than being held fails at once, not after lockWaitMs', async () => {
    // A lock folder whose path leaves no room for the lock file's name (ENAMETOOLONG): nobody
    // holds the lock, so waiting for it would only end in a misleading REGENERATION_TIMEOUT.
    let lockDir = path.join(w.tempDir, 'locks');
    while (lockDir.length < 4_070) lockDir = path.join(lockDir, 'd'.repeat(Math.min(200, 4_070 - lockDir.length)));
    const regenerator = new ArtefactRegenerator<FakeKey>({
      pipeline: w.pipeline,
      store: w.store,
      envId: 'tester_default_00',
      dataRoots: [w.recordingDir, w.tempDir],
      lockDir,
    });
    await expect(regenerator.ensure({ name: 'aa1' }, { lockWaitMs: 1_000 })).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(w.pipeline.regenerations).toBe(0);
  });

  describe('against a stopped clock (only Date is faked; timers and I/O run for real)', () => {
    // Whole seconds, so a file time set to `now - 5 s` reads back exactly.
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    beforeEach(() => {
      jest.useFakeTimers({
        now,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
    });
    afterEach(() => jest.useRealTimers());

    /** `promise`, and whether it has settled yet after `ms` of real time. */
    async function pendingAfter<T>(promise: Promise<T>, ms: number): Promise<boolean> {
      let settled = false;
      promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((resolve) => setTimeout(resolve, ms));
      return !settled;
    }

    it('an empty lock exactly 5 s old is still waited for; it is broken once strictly older', async () => {
      writeFileSync(lockFile, '');
      utimesSync(lockFile, (now - 5_000) / 1000, (now - 5_000) / 1000);
      const fetched = w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 60_000 });
      expect(await pendingAfter(fetched, 300)).toBe(true);
      expect(w.pipeline.regenerations).toBe(0);
      jest.setSystemTime(now + 1);
      expect(await fetched).toMatchObject({ regenerated: true });
    });

    it('a waiter times out only once the clock is past its deadline, not when it reaches it', async () => {
      writeFileSync(lockFile, `${hostname()} ${process.pid}`);
      const fetched = w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 0 });
      expect(await pendingAfter(fetched, 300)).toBe(true);
      jest.setSystemTime(now + 1);
      await expect(fetched).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT' });
      expect(w.pipeline.regenerations).toBe(0);
    });
  });

  it('a waiter whose holder put the file back meanwhile answers with that file, not regenerated by itself', async () => {
    // The holder stands for another process regenerating the same key: the waiter re-reads under the lock.
    writeFileSync(lockFile, `another-host ${process.pid}`);
    setTimeout(() => {
      void w.pipeline
        .regenerate(w.artefacts[0]!, w.artefacts[0]!.path, {
          params: w.pipeline.defaultParams,
          signal: new AbortController().signal,
          heartbeat: () => undefined,
        })
        .then(() => rmSync(lockFile));
    }, 200);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 60_000 })).toEqual({
      path: w.artefacts[0]!.path,
      regenerated: false,
      hash: w.artefacts[0]!.hash,
    });
    expect(w.pipeline.regenerations).toBe(1);
  });

  it('a waiter goes on once the holder releases the lock', async () => {
    writeFileSync(lockFile, `another-host ${process.pid}`);
    setTimeout(() => rmSync(lockFile), 200);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 60_000 })).toMatchObject({ regenerated: true });
    expect(w.pipeline.regenerations).toBe(1);
  });
});
