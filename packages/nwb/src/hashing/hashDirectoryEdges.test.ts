import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJsonText, comparePathComponents, hashDirectory } from './hashDirectory';

// Paths of the directory hasher the dirhash goldens do not reach (issue 21, Stryker survivors):
// symlinks (pathlib `rglob` + `is_file()`: a link to a file counts, a link to a folder is not
// descended, a dangling link is skipped), CRLF JSON, a path that is a prefix of another, and
// error messages that name the path.
describe('hashDirectory edges', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dirhash-edges-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('counts a symlink to a file (token of its target), skips links to folders and dangling links', async () => {
    const inside = path.join(tmp, 'dir');
    mkdirSync(path.join(inside, 'sub'), { recursive: true });
    writeFileSync(path.join(inside, 'sub', 'x.txt'), 'hello');
    const outside = path.join(tmp, 'target.txt');
    writeFileSync(outside, 'hello');
    symlinkSync(outside, path.join(inside, 'link.txt'));
    symlinkSync(path.join(inside, 'sub'), path.join(inside, 'sublink'));
    symlinkSync(path.join(tmp, 'missing.txt'), path.join(inside, 'dangling.txt'));
    const result = await hashDirectory(inside);
    expect(result.files).toEqual({ 'link.txt': '5d41402abc4b2a76b9719d911017c592', 'sub/x.txt': '5d41402abc4b2a76b9719d911017c592' });
  });

  it('reads CRLF and CR line endings of JSON as LF (same canonical text)', () => {
    writeFileSync(path.join(tmp, 'lf.json'), '{"b": 1,\n "a": [1, 2]}\n');
    writeFileSync(path.join(tmp, 'crlf.json'), '{"b": 1,\r\n "a": [1, 2]}\r\n');
    writeFileSync(path.join(tmp, 'cr.json'), '{"b": 1,\r "a": [1, 2]}\r');
    const lf = canonicalJsonText(path.join(tmp, 'lf.json'));
    expect(lf).toBe('{"a": [1, 2], "b": 1}');
    expect(canonicalJsonText(path.join(tmp, 'crlf.json'))).toBe(lf);
    expect(canonicalJsonText(path.join(tmp, 'cr.json'))).toBe(lf);
  });

  it('drops the version and source_script keys at every depth', () => {
    writeFileSync(path.join(tmp, 'p.json'), '{"version": "1", "k": {"source_script": "s.py", "v": 2}, "source_script": "x"}');
    expect(canonicalJsonText(path.join(tmp, 'p.json'))).toBe('{"k": {"v": 2}}');
  });

  it('orders a path before the longer path it is a prefix of, component-wise', () => {
    expect(comparePathComponents('a', 'a/b')).toBeLessThan(0);
    expect(comparePathComponents('a/b', 'a')).toBeGreaterThan(0);
    expect(comparePathComponents('a/b', 'a/b')).toBe(0);
    expect(comparePathComponents('b', 'a/z')).toBeGreaterThan(0);
  });

  it('errors name the missing or non-directory path', async () => {
    const missing = path.join(tmp, 'nope');
    await expect(hashDirectory(missing)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `${missing} does not exist`,
      details: { dir: missing },
    });
    writeFileSync(path.join(tmp, 'f'), '');
    await expect(hashDirectory(path.join(tmp, 'f'))).rejects.toMatchObject({
      code: 'NOT_A_DIRECTORY',
      message: `${path.join(tmp, 'f')} is not a directory`,
    });
  });

  it('hashes .nwb members with the batch size it is given (golden batch_7 vs default of hasher/h5_long_vlen.h5)', async () => {
    const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
    const golden = JSON.parse(readFileSync(path.join(fixtures, 'hasher/golden/h5_long_vlen.h5.json'), 'utf8')) as {
      modes: { default: { hash: string }; batch_7: { hash: string } };
    };
    expect(golden.modes.batch_7.hash).not.toBe(golden.modes.default.hash);
    copyFileSync(path.join(fixtures, 'hasher/files/h5_long_vlen.h5'), path.join(tmp, 'long.nwb'));
    expect((await hashDirectory(tmp, { batchSize: 7 })).files).toEqual({ 'long.nwb': golden.modes.batch_7.hash });
    expect((await hashDirectory(tmp)).files).toEqual({ 'long.nwb': golden.modes.default.hash });
  });

  it('names the .npz member in the error details, and the folder for a non-directory', async () => {
    const npz = path.join(tmp, 'x.npz');
    writeFileSync(npz, 'PK');
    await expect(hashDirectory(tmp)).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_FILE', details: { file: npz } });
    await expect(hashDirectory(npz)).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY', details: { dir: npz } });
  });

  it('reports JSON errors at the offset Python gives after universal-newline reading (CRLF counts as one char)', () => {
    // Python: json.loads('1\n2\n') → "Extra data: line 2 column 1 (char 2)"; open() turned CRLF into LF.
    writeFileSync(path.join(tmp, 'two.jsonl'), '1\r\n2\r\n');
    expect(() => canonicalJsonText(path.join(tmp, 'two.jsonl'))).toThrow(
      expect.objectContaining({
        code: 'JSON_INVALID',
        message: `${path.join(tmp, 'two.jsonl')}: Extra data (char 2)`,
        details: expect.objectContaining({ offset: 2 }),
      }),
    );
  });
});
