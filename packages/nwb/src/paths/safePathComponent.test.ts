import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { artefactPath, assertStrictlyInsideRoot } from './artefactPath';
import { assertSafePathComponent, pathComponentProblem } from './safePathComponent';
import { hostId, isTemporaryOf, ownerIsDead, parseTemporaryName, temporarySibling } from './temporaryNames';

function errorOf(fn: () => unknown): { code: string; exitCode: number; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { code: error.code, exitCode: error.exitCode, message: error.message, details: error.details };
  }
  throw new Error('expected a typed error');
}

describe('the one name rule (issue 12: names never become unsafe paths)', () => {
  it.each([
    ['x/../../raw', '/'],
    ['qx/../../tmp', '/'],
    ['../analysis', '/'],
    ['q../escape', '/'],
    ['a\\b', '\\'],
    ['nul\0byte', '\0'],
    ['.', '.'],
    ['..', '..'],
  ])('refuses %j (offending %j) with UNSAFE_NAME, exit 2, naming the flag', (name, character) => {
    const error = errorOf(() => assertSafePathComponent(name, { flag: '--params', what: 'parameter set name' }));
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', exitCode: 2, details: { flag: '--params', name, character } });
    expect(error.message).toContain('--params');
    expect(error.message).toContain(character === '\0' ? 'NUL' : `"${character}"`);
  });

  it('refuses the empty name and names over 255 bytes (counted in UTF-8)', () => {
    expect(pathComponentProblem('')?.reason).toBe('it is empty');
    expect(pathComponentProblem('a'.repeat(255))).toBeNull();
    expect(pathComponentProblem('a'.repeat(256))?.reason).toContain('256 bytes');
    expect(pathComponentProblem('é'.repeat(128))?.reason).toContain('256 bytes');
  });

  it.each(['..evil_.nwb', '.._.nwb', 'q..', '...', '.hidden', 'with space', 'ünïcödé', 'a:b*c?"<>|'])(
    'accepts %j (Spyglass allows any varchar name)',
    (name) => {
      expect(pathComponentProblem(name)).toBeNull();
    },
  );
});

describe('artefact paths lie strictly inside their own root', () => {
  let base: string;
  const roots = () => ({
    raw: path.join(base, 'raw'),
    analysis: path.join(base, 'analysis'),
    recording: path.join(base, 'recording'),
    temp: path.join(base, 'tmp'),
  });
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'artefact-path-'));
    for (const root of Object.values(roots())) mkdirSync(root);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const others = () => [base, ...Object.values(roots())];

  it('joins safe names below the root; `..`-prefixed names are ordinary names', () => {
    expect(artefactPath(roots().recording, [{ name: '..evil_.nwb_demo_0_default', flag: '--params', what: 'folder' }], others())).toBe(
      path.join(roots().recording, '..evil_.nwb_demo_0_default'),
    );
  });

  it('refuses a name that would leave the root, naming its flag', () => {
    const error = errorOf(() =>
      artefactPath(roots().recording, [{ name: 'base_.nwb_demo_0_x/../../raw', flag: '--params', what: 'folder' }], others()),
    );
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', details: { flag: '--params', character: '/' } });
  });

  it('refuses the root itself, another root, a path containing another root and a symlink out of the root', () => {
    expect(errorOf(() => assertStrictlyInsideRoot(roots().recording, roots().recording)).code).toBe('PATH_OUTSIDE_DATA_ROOTS');
    expect(errorOf(() => assertStrictlyInsideRoot(path.join(roots().raw, 'x'), roots().recording, others())).code).toBe(
      'PATH_OUTSIDE_DATA_ROOTS',
    );
    // A temp root configured inside the recording root: a recording folder may not be (or hold) it.
    const nestedTemp = path.join(roots().recording, 'tmp');
    mkdirSync(nestedTemp);
    expect(errorOf(() => assertStrictlyInsideRoot(nestedTemp, roots().recording, [nestedTemp])).code).toBe('PATH_OUTSIDE_DATA_ROOTS');
    expect(() => assertStrictlyInsideRoot(path.join(nestedTemp, 'copy'), nestedTemp, [roots().recording])).not.toThrow();
    symlinkSync(roots().raw, path.join(roots().recording, 'link'));
    expect(errorOf(() => assertStrictlyInsideRoot(path.join(roots().recording, 'link', 'f'), roots().recording, others())).code).toBe(
      'PATH_OUTSIDE_DATA_ROOTS',
    );
  });
});

describe('temporary names record their owner (host + pid)', () => {
  it('round-trips host id, pid and tag, stays under 255 bytes, and is recognised as a sibling of its target', () => {
    const long = `${'é'.repeat(127)}`;
    const made = temporarySibling(path.join('/data', long), 'deleting', { hostId: hostId('node7'), pid: 4242 });
    const name = path.basename(made);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(parseTemporaryName(name)).toMatchObject({ tag: 'deleting', hostId: hostId('node7'), pid: 4242 });
    expect(isTemporaryOf(name, long)).toBe(true);
    expect(parseTemporaryName('rat01_.nwb')).toBeNull();
  });

  // Issue 12 §2: residue of killed runs of the previous release (pid but no host in the name)
  // must be recognised too, as this host's.
  it("recognises the previous release's names as this host's temporaries of their target", () => {
    const here = hostId();
    const cases: Array<[string, string, string, number]> = [
      ['.rat_.nwb_demo_0_default.deleting-4242-0a1b2c3d', 'rat_.nwb_demo_0_default', 'deleting', 4242],
      ['.rat_.nwb_demo_0_default.partial-77-deadbeef', 'rat_.nwb_demo_0_default', 'partial', 77],
      ['.ratABC123.nwb.regen-5-00ff00ff', 'ratABC123.nwb', 'regen', 5],
      ['.ratABC123.nwb.31337.c0ffee00.tmp', 'ratABC123.nwb', 'tmp', 31337],
      ['..ratABC123.nwb.regen-9-00ff00ff.9.c0ffee00.tmp', '.ratABC123.nwb.regen-9-00ff00ff', 'tmp', 9],
      ['..rat_.nwb_demo_0_default.regen-8-12345678.partial-8-9abcdef0', '.rat_.nwb_demo_0_default.regen-8-12345678', 'partial', 8],
      ['.traces_cached_seg0.npy.12.tmp', 'traces_cached_seg0.npy', 'tmp', 12],
    ];
    for (const [name, target, tag, pid] of cases) {
      expect([name, parseTemporaryName(name)]).toEqual([name, { stem: target, tag, hostId: here, pid, legacy: true }]);
      expect(isTemporaryOf(name, target)).toBe(true);
    }
    expect(isTemporaryOf('.ratABC123.nwb.31337.c0ffee00.tmp', 'other.nwb')).toBe(false);
    for (const name of ['rat.tmp', '.rat.nwb.tmp', '.rat.nwb.deleting-x-0a1b2c3d', '.rat.nwb.old-12-0a1b2c3d', 'rat.nwb.12.tmp']) {
      expect([name, parseTemporaryName(name)]).toEqual([name, null]);
    }
  });

  it('an owner is dead only when it ran on this host and its pid is gone', () => {
    const here = hostId();
    expect(ownerIsDead({ hostId: here, pid: 1 }, () => false)).toBe(true);
    expect(ownerIsDead({ hostId: here, pid: process.pid })).toBe(false);
    expect(ownerIsDead({ hostId: hostId(`${here}-elsewhere`), pid: 1 }, () => false)).toBe(false);
  });
});
