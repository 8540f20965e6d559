import type { CrashPoint } from '@spyglass-recompute/engine';

/** The points a test may kill the CLI at (the engine's {@link CrashPoint} names). */
const CRASH_POINTS = ['delete:flagged', 'delete:moved-to-trash', 'regen:in-place'] as const;

/**
 * Test hook: with `NODE_ENV=test` (jest sets it, spawned CLIs inherit it) and
 * `RECOMPUTE_TEST_CRASH_AT=<point>`, the engine's crash point of that name SIGKILLs this process,
 * so a spawned-CLI test dies exactly where a real kill (power loss, OOM killer) would leave
 * residue. Outside tests it returns undefined and the engine runs without a crash point.
 */
export function testCrashPoint(env: NodeJS.ProcessEnv = process.env): CrashPoint | undefined {
  const at = env.RECOMPUTE_TEST_CRASH_AT;
  if (env.NODE_ENV !== 'test' || at === undefined || !(CRASH_POINTS as readonly string[]).includes(at)) return undefined;
  return (point) => {
    // SIGKILL, not an exception: no finally block, no exit handler, no flush runs — a real crash.
    if (point === at) process.kill(process.pid, 'SIGKILL');
  };
}
