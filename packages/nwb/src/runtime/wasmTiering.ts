import { setFlagsFromString } from 'node:v8';

/**
 * Process-level V8 setting for the WebAssembly we run (h5wasm, the preprocessing kernels).
 *
 * V8 first compiles wasm functions with its baseline compiler (Liftoff) and recompiles a
 * function with the optimising compiler (TurboFan) once it has used up a "tiering budget"
 * (roughly, bytes of code executed). The default budget is small enough that h5wasm's
 * run-once start-up code (HDF5's type-system initialisation) and the metadata walk get
 * recompiled on background threads, and on a 2-core machine those compiles take CPU from
 * md5: about 0.15–0.2 s of CPU per `recompute hash` (1.38 → 1.19 s in total; hash
 * benchmark ratio 1.32 → 1.23, medians of 15 runs), and about 0.3 s per v0 preprocessing
 * run. Long-running loops (inflate, the filter kernels) still exhaust a larger budget
 * within milliseconds and get optimised; their throughput is unchanged.
 *
 * V8 flags belong to the whole process, so nothing here runs on import: entry points (the
 * CLI, benchmarks) opt in by calling {@link raiseWasmTieringBudget} before any wasm module is
 * compiled. A budget the user set on the command line is never overridden.
 */

/** Tiering budget used by {@link raiseWasmTieringBudget} (V8's default is 1 800 000). */
export const WASM_TIERING_BUDGET = 100_000_000;

const FLAG = '--wasm-tiering-budget';

/** Where {@link raiseWasmTieringBudget} sets flags and looks for the user's own. */
export interface V8FlagTarget {
  /** Sets V8 flags (default `v8.setFlagsFromString`). */
  setFlags: (flags: string) => void;
  /** The process's own V8/Node options (default `process.execArgv`). */
  execArgv: readonly string[];
}

/**
 * Raises V8's wasm tiering budget to {@link WASM_TIERING_BUDGET} for this process (worker
 * threads included), unless `--wasm-tiering-budget` was given on the command line.
 * Call it first thing in an entry point: modules compiled earlier keep the old budget.
 *
 * @returns whether the budget was changed
 */
export function raiseWasmTieringBudget(target: Partial<V8FlagTarget> = {}): boolean {
  const execArgv = target.execArgv ?? process.execArgv;
  if (execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`) || arg.startsWith('--wasm_tiering_budget'))) return false;
  (target.setFlags ?? setFlagsFromString)(`${FLAG}=${WASM_TIERING_BUDGET}`);
  return true;
}
