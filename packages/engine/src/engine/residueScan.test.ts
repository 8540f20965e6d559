import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { hostId, temporarySibling } from '@spyglass-recompute/nwb';
import { deadTemporaries, modifiedAt, pathExists, pathSize, removeAtomically, sweepTemporaries } from './artefactFiles';
import { cleanupDataRoots, type CleanupContext } from './cleanupDataRoots';
import { findResidue, findStaleLocks, findUntracked } from './crashResidue';
import { pathConfinement } from './pathConfinement';

/*
 * The file primitives under deletion, regeneration and cleanup, on a scratch tree: sizes and
 * existence without following links, temporary siblings by owner and tag, atomic removal, and the
 * scans `status` and `cleanup` make for residue, stale locks and untracked entries.
 */
const dead = { hostId: hostId(), pid: spawnSync(process.execPath, ['-e', '']).pid as number };
const alive = (pid: number) => pid !== dead.pid;

let base: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'residue-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function file(relative: string, content = 'x'): string {
  const full = path.join(base, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

describe('pathSize, pathExists, modifiedAt', () => {
  it('sizes a folder recursively, a link as itself; absent is 0 / false / null', async () => {
    file('f/a', 'abc');
    file('f/sub/b', 'defgh');
    expect(await pathSize(path.join(base, 'f'))).toBe(8);
    expect(await pathSize(path.join(base, 'f', 'a'))).toBe(3);
    symlinkSync(path.join(base, 'f'), path.join(base, 'link'));
    expect(await pathSize(path.join(base, 'link'))).toBe(Buffer.byteLength(path.join(base, 'f')));
    expect(await pathSize(path.join(base, 'missing'))).toBe(0);
    symlinkSync(path.join(base, 'missing'), path.join(base, 'dangling'));
    expect(await pathExists(path.join(base, 'dangling'))).toBe(true);
    expect(await pathExists(path.join(base, 'missing'))).toBe(false);
    expect(await modifiedAt(path.join(base, 'missing'))).toBeNull();
    expect((await modifiedAt(path.join(base, 'f', 'a')))?.getTime()).toBeGreaterThan(0);
  });

  it('other failures are errors, not absence', async () => {
    const plain = file('plain');
    const below = path.join(plain, 'child');
    await expect(pathSize(below)).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(pathExists(below)).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(modifiedAt(below)).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(removeAtomically(below)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('temporary siblings', () => {
  it('deadTemporaries lists the siblings of a target with the tags asked for whose owner is dead', async () => {
    const target = file('r/aa1.txt');
    const deadTrash = file(path.relative(base, temporarySibling(target, 'deleting', dead)));
    file(path.relative(base, temporarySibling(target, 'regen', dead)));
    file(path.relative(base, temporarySibling(target, 'deleting')));
    file(path.relative(base, temporarySibling(path.join(base, 'r', 'other.txt'), 'deleting', dead)));
    expect(await deadTemporaries(target, ['deleting'], alive)).toEqual([deadTrash]);
    expect((await deadTemporaries(target, ['deleting', 'regen'], alive)).length).toBe(2);
    expect(await deadTemporaries(path.join(base, 'nowhere', 'x'), ['deleting'], alive)).toEqual([]);
  });

  it("sweepTemporaries removes a target's siblings of dead owners only and counts them", async () => {
    const target = file('r/aa1.txt');
    const regen = temporarySibling(target, 'regen', dead);
    mkdirSync(regen);
    writeFileSync(path.join(regen, 'part'), 'x');
    file(path.relative(base, temporarySibling(target, 'partial', dead)));
    const live = file(path.relative(base, temporarySibling(target, 'partial')));
    const others = file(path.relative(base, temporarySibling(path.join(base, 'r', 'bb1.txt'), 'regen', dead)));
    expect(await sweepTemporaries(target, alive)).toBe(2);
    expect(readdirSync(path.join(base, 'r')).sort()).toEqual([path.basename(live), path.basename(others), 'aa1.txt'].sort());
    expect(await sweepTemporaries(path.join(base, 'nowhere', 'x'), alive)).toBe(0);
  });

  it('removeAtomically moves the target to a trash sibling, stops there at a crash point, and otherwise removes it', async () => {
    const folder = file('r/f1/obj');
    const points: string[] = [];
    const stop = new Error('stopped');
    await expect(
      removeAtomically(path.dirname(folder), (point) => {
        points.push(point);
        throw stop;
      }),
    ).rejects.toBe(stop);
    expect(points).toEqual(['delete:moved-to-trash']);
    const [trash] = readdirSync(path.join(base, 'r'));
    expect(trash).toMatch(/^\.f1\.deleting-/);
    const second = file('r/f2/obj');
    expect(await removeAtomically(path.dirname(second))).toBe(true);
    expect(readdirSync(path.join(base, 'r'))).toEqual([trash]);
    expect(await removeAtomically(path.join(base, 'r', 'f2'))).toBe(false);
  });
});

describe('findResidue', () => {
  it('finds temporary entries down to the scan depth without entering them, once, sorted, with owner and size', async () => {
    const shallow = file(path.relative(base, temporarySibling(path.join(base, 'root', 'b'), 'deleting', dead)), 'abcd');
    const deep = temporarySibling(path.join(base, 'root', 'x', 'y', 'c'), 'tmp');
    mkdirSync(deep, { recursive: true });
    file(path.relative(base, path.join(deep, temporarySibling('inner', 'tmp', dead))));
    const root = { dir: path.join(base, 'root'), depth: 3 };
    const found = await findResidue([root, root], alive);
    expect(found.map((entry) => entry.path)).toEqual([shallow, deep].sort());
    expect(found.find((entry) => entry.path === shallow)).toEqual({
      path: shallow,
      tag: 'deleting',
      hostId: dead.hostId,
      pid: dead.pid,
      ownerDead: true,
      bytes: 4,
    });
    expect(found.find((entry) => entry.path === deep)).toMatchObject({ tag: 'tmp', pid: process.pid, ownerDead: false });
    expect((await findResidue([{ dir: root.dir, depth: 2 }], alive)).map((entry) => entry.path)).toEqual([shallow]);
    expect(await findResidue([{ dir: path.join(base, 'nowhere'), depth: 3 }], alive)).toEqual([]);
    await expect(findResidue([{ dir: shallow, depth: 1 }], alive)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('sorts by path whatever the order of the scans', async () => {
    // `cleanup` scans the artefact root before the temp subtree; the report is by path, not by scan.
    const first = file(path.relative(base, temporarySibling(path.join(base, 'a-root', 'x'), 'regen', dead)));
    const second = file(path.relative(base, temporarySibling(path.join(base, 'b-root', 'x'), 'regen', dead)));
    const scans = [
      { dir: path.join(base, 'b-root'), depth: 1 },
      { dir: path.join(base, 'a-root'), depth: 1 },
    ];
    expect((await findResidue(scans, alive)).map((entry) => entry.path)).toEqual([first, second]);
  });
});

describe('findStaleLocks', () => {
  it('lists .lock files of dead processes of this host only', async () => {
    const locks = path.join(base, 'locks');
    const stale = file('locks/a.lock', `${hostname()} ${dead.pid}`);
    file('locks/b.lock', `${hostname()} ${process.pid}`);
    file('locks/c.lock', `another-host ${dead.pid}`);
    file('locks/d.lock', hostname());
    file('locks/e.txt', `${hostname()} ${dead.pid}`);
    mkdirSync(path.join(locks, 'f.lock'));
    expect(await findStaleLocks(locks, alive)).toEqual([{ path: stale, host: hostname(), pid: dead.pid }]);
    expect(await findStaleLocks(path.join(base, 'nowhere'), alive)).toEqual([]);
  });

  it('a lock holding a host but no pid is not stale, even when every other process counts as dead', async () => {
    // No pid means no owner to probe (an owner that died before writing all of it): not a stale lock.
    file('locks/host-only.lock', hostname());
    const stale = file('locks/dead.lock', `${hostname()} ${dead.pid}`);
    expect(await findStaleLocks(path.join(base, 'locks'), (pid) => pid === process.pid)).toEqual([
      { path: stale, host: hostname(), pid: dead.pid },
    ]);
  });
});

describe('findUntracked', () => {
  it('reports the topmost unreferenced entries, descending only into folders that hold a reference', async () => {
    const referenced = file('root/aa/aa1.nwb');
    file('root/aa/stray.nwb', 'xyz');
    file('root/bb/bb1.nwb');
    file(path.relative(base, temporarySibling(path.join(base, 'root', 'aa', 'aa2.nwb'), 'regen', dead)));
    mkdirSync(path.join(base, 'root', 'empty', 'nested'), { recursive: true });
    file(path.relative(base, temporarySibling(path.join(base, 'root', 'residue-only', 'x'), 'tmp', dead)));
    file('root/deep/a/b/c/d/file');
    const found = await findUntracked(path.join(base, 'root'), new Set([referenced]), 2);
    expect(found).toEqual([
      { path: path.join(base, 'root', 'aa', 'stray.nwb'), bytes: 3 },
      { path: path.join(base, 'root', 'bb'), bytes: 1 },
      { path: path.join(base, 'root', 'deep'), bytes: 1 },
    ]);
    // At depth 1 a folder holding a reference is neither entered nor reported.
    expect((await findUntracked(path.join(base, 'root'), new Set([referenced]), 1)).map((entry) => path.basename(entry.path))).toEqual([
      'bb',
      'deep',
    ]);
    // A referenced folder itself is tracked as a whole.
    expect(
      (await findUntracked(path.join(base, 'root'), new Set([path.join(base, 'root', 'bb')]), 2)).map((entry) => path.basename(entry.path)),
    ).toEqual(['aa', 'deep']);
    expect(existsSync(referenced)).toBe(true);
  });

  it('does not enter a folder holding a reference deeper than the depth limit, nor report it', async () => {
    const referenced = file('root/aa/sub/aa1.nwb');
    file('root/aa/sub/stray.nwb');
    file('root/bb.nwb');
    expect((await findUntracked(path.join(base, 'root'), new Set([referenced]), 2)).map((entry) => entry.path)).toEqual([
      path.join(base, 'root', 'bb.nwb'),
    ]);
    expect((await findUntracked(path.join(base, 'root'), new Set([referenced]), 3)).map((entry) => entry.path)).toEqual([
      path.join(base, 'root', 'aa', 'sub', 'stray.nwb'),
      path.join(base, 'root', 'bb.nwb'),
    ]);
  });

  it('sorts by path, not in the order the walk met the entries', async () => {
    // The walk meets `Bb` before `aa` (byte order) and a folder's contents before its later siblings.
    const referenced = file('root/aa/aa1.nwb');
    file('root/aa/zz.nwb');
    file('root/aa-b.nwb');
    file('root/Bb.nwb');
    expect((await findUntracked(path.join(base, 'root'), new Set([referenced]), 2)).map((entry) => entry.path)).toEqual(
      [path.join(base, 'root', 'aa', 'zz.nwb'), path.join(base, 'root', 'aa-b.nwb'), path.join(base, 'root', 'Bb.nwb')].sort((a, b) =>
        a.localeCompare(b),
      ),
    );
  });

  it('looks for residue-only folders 4 levels down: a deeper chain of empty folders is reported as untracked', async () => {
    // The check is bounded; an empty chain within it is not reported, one beyond it is.
    mkdirSync(path.join(base, 'root', 'shallow', 'a', 'b', 'c'), { recursive: true });
    mkdirSync(path.join(base, 'root', 'deep', 'a', 'b', 'c', 'd'), { recursive: true });
    expect(await findUntracked(path.join(base, 'root'), new Set(), 1)).toEqual([{ path: path.join(base, 'root', 'deep'), bytes: 0 }]);
  });
});

describe('cleanupDataRoots', () => {
  /** A context over `{base}/root` and `{base}/temp/schema` with no references, logging into `logged`. */
  function context(logged: string[], hooks: Partial<CleanupContext> = {}): CleanupContext {
    return {
      artefactScan: { dir: path.join(base, 'root'), depth: 2 },
      temporaryScan: { dir: path.join(base, 'temp', 'schema'), depth: 3 },
      lockDir: path.join(base, 'temp', '.locks', 'schema'),
      confinement: pathConfinement({ artefactRoot: path.join(base, 'root'), tempDir: path.join(base, 'temp'), dataRoots: [] }),
      isProcessAlive: alive,
      referencedArtefacts: async () => new Set(),
      referencedTemporaries: async () => new Set(),
      log: (message) => logged.push(message),
      ...hooks,
    };
  }

  it('removes a residue folder with its contents and logs each removal with its size', async () => {
    const regen = temporarySibling(path.join(base, 'root', 'aa', 'aa1.nwb'), 'regen', dead);
    file(path.join(path.relative(base, regen), 'sub', 'part'), 'abc');
    const logged: string[] = [];
    const result = await cleanupDataRoots(context(logged), { dryRun: false });
    expect(result.residue.map((entry) => entry.path)).toEqual([regen]);
    expect(existsSync(regen)).toBe(false);
    expect(logged).toEqual([`removed ${regen} (3 bytes)`]);
  });

  it('an entry or lock another cleanup removed after the scan is no error', async () => {
    // Two cleanups may run at once: what the other removed between our scan and our removal is done.
    const trash = file(path.relative(base, temporarySibling(path.join(base, 'root', 'aa1.nwb'), 'deleting', dead)), 'abcd');
    const lock = file(`temp/.locks/schema/${'0'.repeat(32)}.lock`, `${hostname()} ${dead.pid}`);
    const logged: string[] = [];
    const racing = context(logged, {
      referencedTemporaries: async () => {
        rmSync(trash);
        rmSync(lock);
        return new Set();
      },
    });
    const result = await cleanupDataRoots(racing, { dryRun: false });
    expect(result).toMatchObject({ staleLocks: [lock], bytes: 4 });
    expect(result.residue.map((entry) => entry.path)).toEqual([trash]);
    expect(logged).toEqual([`removed ${trash} (4 bytes)`]);
  });

  it('untrackedRemoved says whether untracked entries were removed: only with deleteUntracked outside a dry run', async () => {
    const stray = file('root/stray.bin', 'abc');
    const logged: string[] = [];
    expect(await cleanupDataRoots(context(logged), { deleteUntracked: true })).toMatchObject({
      dryRun: true,
      untrackedRemoved: false,
      bytes: 3,
    });
    expect(await cleanupDataRoots(context(logged), { dryRun: false })).toMatchObject({ dryRun: false, untrackedRemoved: false, bytes: 0 });
    expect(existsSync(stray)).toBe(true);
    expect(await cleanupDataRoots(context(logged), { dryRun: false, deleteUntracked: true })).toMatchObject({
      dryRun: false,
      untrackedRemoved: true,
      bytes: 3,
    });
    expect(existsSync(stray)).toBe(false);
    expect(logged).toEqual([`removed ${stray} (3 bytes)`]);
  });
});
