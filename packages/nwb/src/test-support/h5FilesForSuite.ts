import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadH5wasm, type H5Wasm } from '../h5/h5wasm';

/**
 * Registers a `beforeAll` that writes a suite's HDF5 files with h5wasm into a fresh temporary
 * folder, and an `afterAll` that removes it; returns the path of a file in that folder.
 */
export function h5FilesForSuite(prefix: string, write: (h5: H5Wasm, dir: string) => void): (name: string) => string {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    write(await loadH5wasm(), dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => path.join(dir, name);
}
