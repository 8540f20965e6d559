import { promises as fs, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSameOrInside, ownerIsDead, parseTemporaryName, processIsAlive, type TemporaryTag } from '@spyglass-recompute/nwb';
import { pathSize } from './artefactFiles';

/** A hidden temporary entry (`.{name}.{tag}-{host}-{pid}-{random}`) found in a data root. */
export interface ResidueEntry {
  path: string;
  tag: TemporaryTag;
  hostId: string;
  pid: number;
  /** True when its owner ran on this host and is gone: crash residue, safe to remove. */
  ownerDead: boolean;
  bytes: number;
}

/** A lock file (`{hostname} {pid}`) of a regeneration whose owner is gone on this host. */
export interface StaleLock {
  path: string;
  host: string;
  pid: number;
}

/** A directory to scan and how deep (1: its entries only). */
export interface ScanDir {
  dir: string;
  depth: number;
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Temporary entries below `scans` (not descending into them or into symlinks), with their
 * owner and whether it is dead.
 */
export async function findResidue(scans: readonly ScanDir[], isAlive: (pid: number) => boolean = processIsAlive): Promise<ResidueEntry[]> {
  const found: ResidueEntry[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await entriesOf(dir)) {
      const full = path.join(dir, entry.name);
      const parsed = parseTemporaryName(entry.name);
      if (parsed) {
        if (seen.has(full)) continue;
        seen.add(full);
        found.push({
          path: full,
          tag: parsed.tag,
          hostId: parsed.hostId,
          pid: parsed.pid,
          ownerDead: ownerIsDead(parsed, isAlive),
          bytes: await pathSize(full),
        });
      } else if (entry.isDirectory() && depth > 1) {
        await walk(full, depth - 1);
      }
    }
  };
  for (const scan of scans) await walk(scan.dir, scan.depth);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Lock files in `lockDir` whose owner (`hostname pid` inside) was on this host and is gone. */
export async function findStaleLocks(lockDir: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<StaleLock[]> {
  const stale: StaleLock[] = [];
  for (const entry of await entriesOf(lockDir)) {
    if (!entry.isFile() || !entry.name.endsWith('.lock')) continue;
    const full = path.join(lockDir, entry.name);
    const [host, pid] = (await fs.readFile(full, 'utf8').catch(() => '')).trim().split(' ');
    if (host === os.hostname() && pid !== undefined && !isAlive(Number(pid))) stale.push({ path: full, host, pid: Number(pid) });
  }
  return stale;
}

/** A file or folder in a data root that no row references. */
export interface UntrackedEntry {
  path: string;
  bytes: number;
}

/**
 * Entries below `root` (at most `depth` levels) that are neither a referenced path nor a folder
 * holding one, nor a temporary entry (see {@link findResidue}). The topmost untracked entry is
 * reported, not its contents; folders that are empty or hold only temporary entries are not.
 */
export async function findUntracked(root: string, referenced: ReadonlySet<string>, depth: number): Promise<UntrackedEntry[]> {
  const resolvedReferences = [...referenced].map((p) => path.resolve(p));
  const exact = new Set(resolvedReferences);
  const found: UntrackedEntry[] = [];
  const walk = async (dir: string, level: number): Promise<void> => {
    for (const entry of await entriesOf(dir)) {
      if (parseTemporaryName(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (exact.has(full)) continue;
      const holdsReference = resolvedReferences.some((ref) => ref !== full && isSameOrInside(ref, full));
      if (holdsReference && entry.isDirectory() && level > 1) await walk(full, level - 1);
      // A folder holding nothing but crash residue (or nothing at all, like a removed copy's
      // parent) is the residue's business, not an untracked entry.
      else if (!holdsReference && !(entry.isDirectory() && (await holdsOnlyResidue(full, 4))))
        found.push({ path: full, bytes: await pathSize(full) });
    }
  };
  await walk(path.resolve(root), depth);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** True when `dir` holds nothing but temporary entries and folders of the same kind (empty counts). */
async function holdsOnlyResidue(dir: string, depth: number): Promise<boolean> {
  if (depth === 0) return false;
  for (const entry of await entriesOf(dir)) {
    if (parseTemporaryName(entry.name)) continue;
    if (!entry.isDirectory() || !(await holdsOnlyResidue(path.join(dir, entry.name), depth - 1))) return false;
  }
  return true;
}
