import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isSameOrInside } from '@spyglass-recompute/nwb';
import { findResidue, findStaleLocks, findUntracked, type ResidueEntry, type ScanDir, type UntrackedEntry } from './crashResidue';
import type { PathConfinement } from './pathConfinement';

/** Options of `cleanup`. */
export interface CleanupOptions {
  /** Report only (the default); pass false to remove. @default true */
  dryRun?: boolean;
  /** Also remove the untracked entries (listed, never removed, otherwise). @default false */
  deleteUntracked?: boolean;
}

/** Result of `cleanup`. */
export interface CleanupResult {
  dryRun: boolean;
  /** Trash and temporary entries of dead processes of this host: removed (or would be). */
  residue: ResidueEntry[];
  /** Temporary entries of live processes or of other hosts: left alone. */
  inUse: ResidueEntry[];
  /** Regeneration lock files of dead processes of this host. */
  staleLocks: string[];
  /** Files and folders no row references: listed; removed only with `deleteUntracked`. */
  untracked: UntrackedEntry[];
  untrackedRemoved: boolean;
  /** Bytes freed (or that would be freed) by removing the residue (plus untracked entries when asked). */
  bytes: number;
}

/** What {@link cleanupDataRoots} works on, handed in by the engine. */
export interface CleanupContext {
  /** The pipeline's own artefact root and its temp subtree (`{temp}/{schema}`), with scan depths. */
  artefactScan: ScanDir;
  temporaryScan: ScanDir;
  lockDir: string;
  confinement: PathConfinement;
  isProcessAlive: (pid: number) => boolean;
  /** Paths rows reference in the artefact root (artefacts, other analysis files). */
  referencedArtefacts: () => Promise<Set<string>>;
  /** Regenerated copies rows keep in the temp subtree (mismatches, for inspection). */
  referencedTemporaries: () => Promise<Set<string>>;
  log: (message: string) => void;
}

/**
 * `cleanup`: removes crash residue — `.deleting-`/`.regen-`/`.partial-`/`.tmp-` entries whose
 * owning process (host + pid in the name) is dead, and stale lock files — and lists files and
 * folders in the pipeline's roots that no row references, removing those only when asked.
 * Dry run by default. Every removal is confined to the pipeline's own roots.
 */
export async function cleanupDataRoots(context: CleanupContext, options: CleanupOptions = {}): Promise<CleanupResult> {
  const dryRun = options.dryRun !== false;
  const found = await findResidue([context.artefactScan, context.temporaryScan], context.isProcessAlive);
  const residue = found.filter((entry) => entry.ownerDead);
  const inUse = found.filter((entry) => !entry.ownerDead);
  const staleLocks = (await findStaleLocks(context.lockDir, context.isProcessAlive)).map((lock) => lock.path);
  const untracked = [
    ...(await findUntracked(context.artefactScan.dir, await context.referencedArtefacts(), 2)),
    ...(await findUntracked(context.temporaryScan.dir, await context.referencedTemporaries(), 3)),
  ];
  const removeUntracked = options.deleteUntracked === true;
  const removable = [...residue, ...(removeUntracked ? untracked : [])];
  const confine = (target: string) =>
    isSameOrInside(path.resolve(target), path.resolve(context.temporaryScan.dir))
      ? context.confinement.temporary(target)
      : context.confinement.artefact(target);
  for (const entry of removable) confine(entry.path);
  const bytes = removable.reduce((sum, entry) => sum + entry.bytes, 0);
  if (!dryRun) {
    for (const entry of removable) {
      await fs.rm(entry.path, { recursive: true, force: true });
      context.log(`removed ${entry.path} (${entry.bytes} bytes)`);
    }
    for (const lock of staleLocks) await fs.rm(lock, { force: true });
  }
  return { dryRun, residue, inUse, staleLocks, untracked, untrackedRemoved: removeUntracked && !dryRun, bytes };
}
