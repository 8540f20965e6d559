import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathConfinement } from './pathConfinement';

const refused = expect.objectContaining({ code: 'PATH_OUTSIDE_DATA_ROOTS' });

describe('pathConfinement', () => {
  let base: string;
  let roots: { recording: string; temp: string; raw: string; nested: string };
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'confinement-'));
    roots = {
      recording: path.join(base, 'recording'),
      temp: path.join(base, 'tmp'),
      raw: path.join(base, 'raw'),
      // A data root configured inside the artefact root (a lab's odd layout): never the engine's to touch.
      nested: path.join(base, 'recording', 'raw'),
    };
    for (const dir of Object.values(roots)) mkdirSync(dir, { recursive: true });
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('without an artefact root: artefacts and copies anywhere strictly inside any data root', () => {
    const confine = pathConfinement({ dataRoots: [roots.recording, roots.temp], tempDir: roots.temp });
    for (const target of [path.join(roots.recording, 'a.nwb'), path.join(roots.temp, 'a.nwb')]) {
      expect(() => confine.artefact(target)).not.toThrow();
      expect(() => confine.temporary(target)).not.toThrow();
    }
    expect(() => confine.artefact(path.join(roots.raw, 'a.nwb'))).toThrow(refused);
    expect(() => confine.temporary(path.join(roots.raw, 'a.nwb'))).toThrow(refused);
    expect(() => confine.temporary(roots.temp)).toThrow(refused);
  });

  it('with an artefact root: artefacts only in it, copies only in the temp root, neither in another root', () => {
    const confine = pathConfinement({
      dataRoots: [roots.recording, roots.temp],
      tempDir: roots.temp,
      artefactRoot: roots.recording,
      allRoots: [roots.raw, roots.nested],
    });
    expect(() => confine.artefact(path.join(roots.recording, 'aa', 'a.nwb'))).not.toThrow();
    expect(() => confine.artefact(path.join(roots.temp, 'a.nwb'))).toThrow(refused);
    expect(() => confine.artefact(roots.recording)).toThrow(refused);
    expect(() => confine.artefact(path.join(roots.nested, 'a.nwb'))).toThrow(refused);
    expect(() => confine.artefact(roots.nested)).toThrow(refused);

    expect(() => confine.temporary(path.join(roots.temp, 'schema', 'env', 'a.nwb'))).not.toThrow();
    expect(() => confine.temporary(path.join(roots.recording, 'a.nwb'))).toThrow(refused);
    expect(() => confine.temporary(roots.temp)).toThrow(refused);
  });

  it('the data roots count as other roots too, when no other roots are listed', () => {
    const confine = pathConfinement({
      dataRoots: [roots.recording, roots.temp, roots.nested],
      tempDir: roots.temp,
      artefactRoot: roots.recording,
    });
    expect(() => confine.artefact(path.join(roots.recording, 'a.nwb'))).not.toThrow();
    expect(() => confine.artefact(path.join(roots.nested, 'a.nwb'))).toThrow(refused);
  });

  it('a root inside a listed root is no overlap for its own paths: copies in a temp root under raw are allowed', () => {
    const temp = path.join(roots.raw, 'tmp');
    mkdirSync(temp);
    const confine = pathConfinement({
      dataRoots: [roots.recording, temp],
      tempDir: temp,
      artefactRoot: roots.recording,
      allRoots: [roots.raw],
    });
    expect(() => confine.temporary(path.join(temp, 'a.nwb'))).not.toThrow();
    expect(() => confine.artefact(path.join(temp, 'a.nwb'))).toThrow(refused);
  });
});
