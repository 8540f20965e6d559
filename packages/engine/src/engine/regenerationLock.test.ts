import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { keyId } from './keyId';
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

  it('a waiter goes on once the holder releases the lock', async () => {
    writeFileSync(lockFile, `another-host ${process.pid}`);
    setTimeout(() => rmSync(lockFile), 200);
    expect(await w.engine.ensureArtefact({ name: 'aa1' }, { lockWaitMs: 60_000 })).toMatchObject({ regenerated: true });
    expect(w.pipeline.regenerations).toBe(1);
  });
});
