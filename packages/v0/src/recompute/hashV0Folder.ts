import { createHash } from 'node:crypto';
import { hashDirectory } from '@spyglass-recompute/nwb';
import type { ArtefactDigest } from '@spyglass-recompute/engine';

/**
 * Spyglass `DirectoryHasher` digest of a folder (algorithm `spyglass-dir`). Per-file objects
 * are hex digests: JSON files, whose token is their canonical text, are reduced to its md5 so
 * part rows stay 32 characters.
 */
export async function hashV0Folder(folder: string): Promise<ArtefactDigest> {
  const result = await hashDirectory(folder);
  const objects: Record<string, string> = {};
  for (const [name, token] of Object.entries(result.files)) {
    objects[name] = /^[0-9a-f]{32}$/.test(token) ? token : createHash('md5').update(token).digest('hex');
  }
  return { algorithm: result.algorithm, hash: result.hash, objects };
}
