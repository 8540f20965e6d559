import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync, existsSync } from 'node:fs';
import path from 'node:path';
import { environmentErrors } from './environmentErrors';
import type { EnvironmentSnapshot, RuntimeInfo } from './EnvironmentSnapshot';

/** Options of {@link captureEnvironment}. */
export interface CaptureEnvironmentOptions {
  /** Directories (containing package.json) of the packages that generate artefacts. */
  packageDirs: readonly string[];
  /** Runtime facts; @default the running process's. Injected by tests. */
  runtime?: RuntimeInfo;
  /**
   * Tells whether a linked package's directory is a git checkout with uncommitted changes;
   * asked once per directory per capture.
   * @default {@link gitCheckoutIsDirty} (false when git is unavailable)
   */
  isDirtyCheckout?: (dir: string) => boolean;
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Specifiers that point at bytes no version number pins. */
const UNPINNED_SPECIFIER = /^(workspace:|file:|link:|portal:|git\+|git:|github:|gitlab:|bitbucket:|https?:|\.\.?\/|\/|~\/)/; // `~/dir` is a path; `~1.2.3` is a semver range

/**
 * Captures the dependency set that can influence generated files, by walking the
 * INSTALLED tree (Node's resolution, so pnpm's symlinked layout, npm and yarn
 * node_modules all work; no conda, no lockfile parsing needed) from the generating packages.
 */
export function captureEnvironment(options: CaptureEnvironmentOptions): EnvironmentSnapshot {
  const runtime = options.runtime ?? { node: process.versions.node, platform: process.platform, arch: process.arch };
  const askDirty = options.isDirtyCheckout ?? gitCheckoutIsDirty;
  // A linked package is reached through every package that depends on it; git is asked once.
  const dirtiness = new Map<string, boolean>();
  const isDirty = (dir: string): boolean => {
    let dirty = dirtiness.get(dir);
    if (dirty === undefined) {
      dirty = askDirty(dir);
      dirtiness.set(dir, dirty);
    }
    return dirty;
  };
  const versions = new Map<string, Set<string>>();
  const editable = new Map<string, Set<string>>();
  const visited = new Set<string>();

  const addEditable = (name: string, reason: string): void => {
    const reasons = editable.get(name) ?? new Set<string>();
    reasons.add(reason);
    editable.set(name, reasons);
  };

  const visit = (dir: string, specifier: string | null): void => {
    const realDir = realpathSync(dir);
    const manifest = readManifest(realDir);
    const name = manifest.name ?? path.basename(realDir);
    const version = manifest.version ?? '0.0.0';
    if (specifier !== null && UNPINNED_SPECIFIER.test(specifier)) addEditable(name, specifier);
    const insideNodeModules = realDir.split(path.sep).includes('node_modules');
    if (!insideNodeModules) {
      addEditable(name, 'linked');
      if (isDirty(realDir)) addEditable(name, '+dirty');
    }
    if (visited.has(realDir)) return;
    visited.add(realDir);
    const known = versions.get(name) ?? new Set<string>();
    known.add(version);
    versions.set(name, known);

    const edges: Array<[string, string, boolean]> = [
      ...Object.entries(manifest.dependencies ?? {}).map(([dep, spec]): [string, string, boolean] => [dep, spec, false]),
      ...Object.entries(manifest.optionalDependencies ?? {}).map(([dep, spec]): [string, string, boolean] => [dep, spec, true]),
      // A peer that is not installed cannot influence anything; an installed one can.
      ...Object.entries(manifest.peerDependencies ?? {}).map(([dep, spec]): [string, string, boolean] => [dep, spec, true]),
    ];
    for (const [dep, spec, optional] of edges) {
      const resolved = resolvePackageDir(realDir, dep);
      if (resolved === null) {
        if (!optional && !versions.has(dep)) versions.set(dep, new Set(['MISSING']));
        continue;
      }
      visit(resolved, spec);
    }
  };

  for (const dir of options.packageDirs) {
    if (!existsSync(path.join(dir, 'package.json'))) {
      throw environmentErrors.packageDirInvalid(dir);
    }
    visit(dir, null);
  }

  // A name recorded as MISSING somewhere but installed elsewhere is not missing.
  for (const set of versions.values()) if (set.size > 1) set.delete('MISSING');
  const packages = sortedRecord(versions, (set) => [...set].sort().join(' | '));
  const editableRecord = sortedRecord(editable, (set) => [...set].sort().join(' '));
  return { runtime, packages, editable: editableRecord, hasEditable: Object.keys(editableRecord).length > 0 };
}

function readManifest(dir: string): PackageJson {
  const file = path.join(dir, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch (cause) {
    throw environmentErrors.manifestUnreadable(file, cause);
  }
}

/** Node's lookup: `node_modules/<name>` in the package's real directory and every ancestor. */
function resolvePackageDir(fromDir: string, name: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function sortedRecord<T>(map: Map<string, T>, format: (value: T) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...map.keys()].sort()) out[key] = format(map.get(key) as T);
  return out;
}

/**
 * Whether `dir` has uncommitted changes, by `git status --porcelain -- .`, as a pure read:
 * a plain `git status` refreshes the index and so creates and removes `.git/index.lock` in
 * the install's repository (a side effect outside the data roots, and a lock that can make
 * a concurrent git command in that checkout fail). `--no-optional-locks` and
 * `GIT_OPTIONAL_LOCKS=0` (git >= 2.15) skip that optional write.
 */
export function gitCheckoutIsDirty(dir: string): boolean {
  try {
    const output = execFileSync('git', ['--no-optional-locks', 'status', '--porcelain', '--', '.'], {
      cwd: dir,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return output.trim().length > 0;
  } catch {
    return false; // not a checkout, or no git: nothing more to learn
  }
}
