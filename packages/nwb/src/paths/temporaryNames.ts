import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * What a hidden temporary entry is for: `regen` (an on-demand regeneration), `deleting` (trash
 * of a deletion), `partial` (a folder being written), `old` (a folder being replaced), `tmp`
 * (a file being written).
 */
export type TemporaryTag = 'regen' | 'deleting' | 'partial' | 'old' | 'tmp';

/** The process that made a temporary entry, as recorded in its name. */
export interface TemporaryOwner {
  /** First 8 hex digits of md5(hostname): a pid only means something on its own host. */
  hostId: string;
  pid: number;
}

/** A parsed temporary entry name. */
export interface ParsedTemporaryName extends TemporaryOwner {
  tag: TemporaryTag;
  /** The (possibly shortened) name of the entry it stands for. */
  stem: string;
  /**
   * Written by the previous release, whose names carry a pid but no host (see
   * {@link LEGACY_TEMPORARY_NAMES}); `hostId` is then this host's. @default false
   */
  legacy?: boolean;
}

/** Stems are cut to this many bytes so `.{stem}.{tag}-{host}-{pid}-{random}` stays under 255. */
const MAX_STEM_BYTES = 200;

const TEMPORARY_NAME = /^\.(.*)\.(regen|deleting|partial|old|tmp)-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}$/s;

/**
 * Names the previous release gave its temporaries (pid, no host): `.X.regen-PID-hex`,
 * `.X.deleting-PID-hex`, `.X.partial-PID-hex` (v0 folders) and `.X.PID.hex.tmp` (v1 files),
 * `.X.PID.tmp` (`.npy` writer). Nested ones such as a v1 regeneration's `..X.nwb.regen-PID-hex.PID.hex.tmp`
 * parse as the outer kind. A killed process of that release left them behind, so `cleanup`
 * and resumed deletions must recognise them too; with no host recorded, they are taken to be
 * this host's (data roots are rarely shared between hosts running the old release).
 */
const LEGACY_TEMPORARY_NAMES: ReadonlyArray<{ pattern: RegExp; tag?: TemporaryTag }> = [
  { pattern: /^\.(.+)\.(regen|deleting|partial)-(\d+)-[0-9a-f]{8}$/s },
  { pattern: /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/s, tag: 'tmp' },
  { pattern: /^\.(.+)\.(\d+)\.tmp$/s, tag: 'tmp' },
];

/** md5(hostname) cut to 8 hex digits: recorded in every temporary name. */
export function hostId(hostname: string = os.hostname()): string {
  return createHash('md5').update(hostname).digest('hex').slice(0, 8);
}

/** `name` cut to at most {@link MAX_STEM_BYTES} UTF-8 bytes without splitting a character. */
function stemOf(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_STEM_BYTES) return name;
  let stem = '';
  for (const character of name) {
    if (Buffer.byteLength(stem + character, 'utf8') > MAX_STEM_BYTES) break;
    stem += character;
  }
  return stem;
}

/**
 * A hidden sibling of `target` (same directory, hence same filesystem, so renames between them
 * are atomic) named `.{name}.{tag}-{hostId}-{pid}-{random}`: the owner's host and pid are in the
 * name, so `cleanup` can tell residue of a dead process from work in progress.
 */
export function temporarySibling(
  target: string,
  tag: TemporaryTag,
  owner: TemporaryOwner = { hostId: hostId(), pid: process.pid },
): string {
  const name = `.${stemOf(path.basename(target))}.${tag}-${owner.hostId}-${owner.pid}-${randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(target), name);
}

/**
 * The parts of a name made by {@link temporarySibling} (or by the previous release, see
 * {@link LEGACY_TEMPORARY_NAMES}), or null for any other name.
 */
export function parseTemporaryName(name: string, thisHost: string = hostId()): ParsedTemporaryName | null {
  const match = TEMPORARY_NAME.exec(name);
  if (match) return { stem: match[1] as string, tag: match[2] as TemporaryTag, hostId: match[3] as string, pid: Number(match[4]) };
  for (const legacy of LEGACY_TEMPORARY_NAMES) {
    const old = legacy.pattern.exec(name);
    if (!old) continue;
    const [stem, tag, pid] = legacy.tag ? [old[1], legacy.tag, old[2]] : [old[1], old[2] as TemporaryTag, old[3]];
    return { stem: stem as string, tag, hostId: thisHost, pid: Number(pid), legacy: true };
  }
  return null;
}

/** True when `name` is a temporary sibling of an entry named `targetName`. */
export function isTemporaryOf(name: string, targetName: string): boolean {
  const parsed = parseTemporaryName(name);
  // The previous release did not shorten long names.
  return parsed !== null && parsed.stem === (parsed.legacy ? targetName : stemOf(targetName));
}

/** True when a process with this pid exists on this host (signal 0 probes without sending anything). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the owner of a temporary entry is gone: only decidable for this host's processes
 * (another host's entry is treated as alive; its own cleanup removes it).
 */
export function ownerIsDead(
  owner: TemporaryOwner,
  isAlive: (pid: number) => boolean = processIsAlive,
  thisHost: string = hostId(),
): boolean {
  return owner.hostId === thisHost && !isAlive(owner.pid);
}
