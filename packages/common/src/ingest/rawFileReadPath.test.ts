import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rawFileReadPath } from './rawFileReadPath';

describe('rawFileReadPath: the one raw-file rule of v0 and v1', () => {
  let dir: string;
  let rawRoot: string;
  let registered: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'raw-read-path-'));
    rawRoot = path.join(dir, 'raw');
    registered = path.join(dir, 'elsewhere', 'rat01_.nwb');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const touch = (file: string): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  };

  it('reads the file under the raw root first, even when the registered path exists too', () => {
    touch(path.join(rawRoot, 'rat01_.nwb'));
    touch(registered);
    expect(rawFileReadPath('rat01_.nwb', registered, rawRoot)).toEqual({
      path: path.join(rawRoot, 'rat01_.nwb'),
      exists: true,
      tried: [path.join(rawRoot, 'rat01_.nwb'), registered],
    });
  });

  it('falls back to the registered path when the raw root lacks the file', () => {
    touch(registered);
    expect(rawFileReadPath('rat01_.nwb', registered, rawRoot)).toEqual({
      path: registered,
      exists: true,
      tried: [path.join(rawRoot, 'rat01_.nwb'), registered],
    });
  });

  it('names the registered path and every candidate when neither exists', () => {
    expect(rawFileReadPath('rat01_.nwb', registered, rawRoot)).toEqual({
      path: registered,
      exists: false,
      tried: [path.join(rawRoot, 'rat01_.nwb'), registered],
    });
  });

  it.each(['../rat01_.nwb', 'sub/rat01_.nwb', '..', '.'])('never looks under the raw root for the non-plain name %j', (name) => {
    touch(path.join(dir, 'rat01_.nwb'));
    touch(path.join(rawRoot, 'sub', 'rat01_.nwb'));
    expect(rawFileReadPath(name, registered, rawRoot).tried).toEqual([registered]);
  });

  it('uses only the registered path without a raw root', () => {
    touch(registered);
    expect(rawFileReadPath('rat01_.nwb', registered, undefined)).toEqual({ path: registered, exists: true, tried: [registered] });
  });
});
