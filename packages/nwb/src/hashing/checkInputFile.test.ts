import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInputFile } from './checkInputFile';

// The signature probe and the error texts of the input check (issue 21, Stryker survivors): HDF5
// lets a user block move the superblock to 512, 1024, 2048, … bytes, nowhere else.
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const fixture = path.resolve(__dirname, '../../../../../shared/fixtures/hasher/files/h5_empty_file.h5');

/** A file of `size` zero bytes with the HDF5 signature at `offset`. */
function fileWithSignatureAt(dir: string, offset: number, size: number): string {
  const bytes = Buffer.alloc(size);
  HDF5_SIGNATURE.copy(bytes, offset);
  const file = path.join(dir, `sig-at-${offset}-of-${size}.h5`);
  writeFileSync(file, bytes);
  return file;
}

describe('checkInputFile', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'check-input-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('returns the size of an HDF5 file', () => {
    expect(checkInputFile(fixture)).toBe(readFileSync(fixture).length);
  });

  it.each([0, 512, 1024, 2048, 4096])('finds the signature at %i (user block) and returns the size', (offset) => {
    expect(checkInputFile(fileWithSignatureAt(tmp, offset, offset + 100))).toBe(offset + 100);
  });

  it('finds a signature that ends exactly at the end of the file', () => {
    expect(checkInputFile(fileWithSignatureAt(tmp, 0, 8))).toBe(8);
    expect(checkInputFile(fileWithSignatureAt(tmp, 1024, 1032))).toBe(1032);
  });

  it.each([8, 256, 768, 1536])('refuses a signature at %i, where no HDF5 library looks', (offset) => {
    const file = fileWithSignatureAt(tmp, offset, 4096);
    expect(() => checkInputFile(file)).toThrow(
      expect.objectContaining({ code: 'NOT_HDF5', message: `${file} is not an HDF5 file (no HDF5 signature found)`, details: { file } }),
    );
  });

  it('refuses files too short for a signature, and a signature cut off at the end', () => {
    const short = path.join(tmp, 'short.h5');
    writeFileSync(short, HDF5_SIGNATURE.subarray(0, 7));
    expect(() => checkInputFile(short)).toThrow(expect.objectContaining({ code: 'NOT_HDF5' }));
    const cut = path.join(tmp, 'cut.h5');
    const bytes = Buffer.alloc(516);
    HDF5_SIGNATURE.copy(bytes, 512, 0, 4);
    writeFileSync(cut, bytes);
    expect(() => checkInputFile(cut)).toThrow(expect.objectContaining({ code: 'NOT_HDF5' }));
  });

  it('names a missing path, with the system error code', () => {
    const missing = path.join(tmp, 'missing.nwb');
    expect(() => checkInputFile(missing)).toThrow(
      expect.objectContaining({
        code: 'FILE_NOT_FOUND',
        message: `${missing} does not exist or cannot be read (ENOENT)`,
        details: { file: missing },
      }),
    );
  });

  it('says whether a non-file is a directory or something else', () => {
    const dir = path.join(tmp, 'dir.nwb');
    mkdirSync(dir);
    expect(() => checkInputFile(dir)).toThrow(
      expect.objectContaining({ code: 'NOT_A_FILE', message: `${dir} is a directory; expected an NWB/HDF5 file`, details: { file: dir } }),
    );
    expect(() => checkInputFile('/dev/null')).toThrow(
      expect.objectContaining({ code: 'NOT_A_FILE', message: '/dev/null is not a regular file; expected an NWB/HDF5 file' }),
    );
  });

  it('closes the file it probes, found or not (no descriptor leak)', () => {
    const openDescriptors = (): number => readdirSync('/proc/self/fd').length;
    const notHdf5 = fileWithSignatureAt(tmp, 768, 4096);
    const before = openDescriptors();
    for (let i = 0; i < 5; i += 1) {
      checkInputFile(fixture);
      expect(() => checkInputFile(notHdf5)).toThrow(expect.objectContaining({ code: 'NOT_HDF5' }));
    }
    expect(openDescriptors()).toBe(before);
  });
});
