import type { EnvironmentSnapshot } from './EnvironmentSnapshot';

/** One package whose installed version (or editable state) differs between two environments. */
export interface PackageDifference {
  name: string;
  /** Version in A, or null when A does not have it. */
  a: string | null;
  /** Version in B, or null when B does not have it. */
  b: string | null;
  /** Editable reasons in A/B when they differ (omitted when both are equal). */
  editable?: { a: string | null; b: string | null };
}

/** Result of {@link diffEnvironments}. */
export interface EnvironmentDiff {
  /** Runtime fields (`node`, `platform`, `arch`) that differ, with both values. */
  runtime: Array<{ field: string; a: string; b: string }>;
  /** Exactly the differing packages, sorted by name. */
  packages: PackageDifference[];
  /** True when nothing differs. */
  identical: boolean;
}

/** Options of {@link diffEnvironments}. */
export interface DiffEnvironmentsOptions {
  /** Only compare these package names (CLI `--deps a,b`); @default every package in either. */
  deps?: readonly string[];
}

/** Lists exactly the packages (and runtime fields) whose versions differ between A and B. */
export function diffEnvironments(a: EnvironmentSnapshot, b: EnvironmentSnapshot, options: DiffEnvironmentsOptions = {}): EnvironmentDiff {
  const runtime: EnvironmentDiff['runtime'] = [];
  for (const field of ['node', 'platform', 'arch'] as const) {
    if (a.runtime[field] !== b.runtime[field]) runtime.push({ field, a: a.runtime[field], b: b.runtime[field] });
  }
  const names = options.deps ? [...new Set(options.deps)] : [...new Set([...Object.keys(a.packages), ...Object.keys(b.packages)])];
  const packages: PackageDifference[] = [];
  for (const name of names.sort()) {
    const va = a.packages[name] ?? null;
    const vb = b.packages[name] ?? null;
    const ea = a.editable[name] ?? null;
    const eb = b.editable[name] ?? null;
    if (va === vb && ea === eb) continue;
    packages.push(ea === eb ? { name, a: va, b: vb } : { name, a: va, b: vb, editable: { a: ea, b: eb } });
  }
  return { runtime, packages, identical: runtime.length === 0 && packages.length === 0 };
}
