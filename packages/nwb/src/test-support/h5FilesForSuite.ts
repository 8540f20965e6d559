import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadH5wasm, type H5Wasm } from '../h5/h5wasm';

/**
 * Registers a `beforeAll` that makes a fresh temporary folder and lets `fill` write into it, and an
 * `afterAll` that removes it; returns the path of a file in that folder.
 */
export function tempFilesForSuite(prefix: string, fill: (dir: string) => void | Promise<void>): (name: string) => string {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    await fill(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => path.join(dir, name);
}

/** {@link tempFilesForSuite} for a suite's HDF5 files, written with h5wasm. */
export function h5FilesForSuite(prefix: string, write: (h5: H5Wasm, dir: string) => void): (name: string) => string {
  return tempFilesForSuite(prefix, async (dir) => write(await loadH5wasm(), dir));
}
