import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempFilesForSuite } from './h5FilesForSuite';

/**
 * Writes `source` (a stand-in worker script, say) as `fileName` into a temporary folder for the
 * suite (see {@link tempFilesForSuite}); returns a function giving its path.
 */
export function scriptForSuite(prefix: string, fileName: string, source: string): () => string {
  const file = tempFilesForSuite(prefix, (dir) => writeFileSync(path.join(dir, fileName), source));
  return () => file(fileName);
}
