import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareCodePoints, dumpPythonJson } from '../python-format/dumpPythonJson';
import { parsePythonJson } from '../python-format/parsePythonJson';
import type { PyJsonObject } from '../python-format/PyFloat';
import { hashErrors } from './hashErrors';
import { hashNwbFile, DEFAULT_BATCH_SIZE } from './hashNwbFile';
import { npyDataDigest } from './npyDataDigest';

/** Options of {@link hashDirectory}. */
export interface HashDirectoryOptions {
  /** Batch size passed to the NWB hasher for `.nwb` files. @default 32768 */
  batchSize?: number;
}

/** Result of {@link hashDirectory}. */
export interface DirectoryHashResult {
  algorithm: 'spyglass-dir';
  /** md5 hex digest, identical to Spyglass's `DirectoryHasher(...).hash`. */
  hash: string;
  /** Relative path → the token fed to md5 (canonical JSON text or a hex digest), in hashing order. */
  files: Record<string, string>;
}

const DROPPED_JSON_KEYS = ['version', 'source_script'];

/** pathlib ordering: compare path components, not joined strings (`a/b` < `a-b` < `a.json`). */
export function comparePathComponents(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    const c = compareCodePoints(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Every regular file below `root` (dotfiles too) as `/`-separated relative paths. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childRel);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path.join(root, childRel), { throwIfNoEntry: false })?.isFile()))
        out.push(childRel);
    }
  };
  walk('');
  return out.sort(comparePathComponents);
}

/** The canonical JSON text Spyglass hashes for a `.json`/`.jsonl` file. */
export function canonicalJsonText(filePath: string): string {
  const text = readFileSync(filePath, 'utf8').replace(/\r\n?/g, '\n');
  const value = parsePythonJson(text, {
    source: filePath,
    objectHook: (obj: PyJsonObject) => {
      for (const key of DROPPED_JSON_KEYS) delete obj[key];
      return obj;
    },
  });
  return dumpPythonJson(value, { sortKeys: true });
}

async function fileMd5(filePath: string): Promise<string> {
  const md5 = createHash('md5');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 22 })) md5.update(chunk as Buffer);
  return md5.digest('hex');
}

async function fileToken(filePath: string, batchSize: number): Promise<string> {
  const ext = path.extname(filePath);
  if (ext === '.nwb') return (await hashNwbFile(filePath, { batchSize })).hash;
  if (ext === '.json' || ext === '.jsonl') return canonicalJsonText(filePath);
  if (ext === '.npz') {
    throw hashErrors.npzUnsupported(filePath);
  }
  if (ext === '.npy') return npyDataDigest(filePath);
  return fileMd5(filePath);
}

/**
 * Spyglass `DirectoryHasher` digest of a folder (v0 recording folders): per file, in
 * pathlib order, md5 of the file token followed by its relative path.
 *
 * @throws RecomputeError FILE_NOT_FOUND | NOT_A_DIRECTORY | JSON_INVALID | HASH_UNSUPPORTED_FILE |
 *   NPY_INVALID | any {@link hashNwbFile} error for `.nwb` members
 */
export async function hashDirectory(dirPath: string, options: HashDirectoryOptions = {}): Promise<DirectoryHashResult> {
  const st = statSync(dirPath, { throwIfNoEntry: false });
  if (st === undefined) {
    throw hashErrors.directoryNotFound(dirPath);
  }
  if (!st.isDirectory()) {
    throw hashErrors.notADirectory(dirPath);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const H = createHash('md5');
  const files: Record<string, string> = {};
  for (const rel of listFiles(dirPath)) {
    const token = await fileToken(path.join(dirPath, rel), batchSize);
    files[rel] = token;
    H.update(token);
    H.update(rel);
  }
  return { algorithm: 'spyglass-dir', hash: H.digest('hex'), files };
}
