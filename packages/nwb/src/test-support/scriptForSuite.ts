import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Registers a `beforeAll` that writes `source` (a stand-in worker script, say) as `fileName` into a
 * fresh temporary folder, and an `afterAll` that removes it; returns a function giving its path.
 */
export function scriptForSuite(prefix: string, fileName: string, source: string): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    writeFileSync(path.join(dir, fileName), source);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => path.join(dir, fileName);
}
