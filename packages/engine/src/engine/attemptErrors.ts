import { RecomputeError } from '@spyglass-recompute/errors';

/** Typed errors of the attempt-level commands (xfail overrides, attempt deletion, filters). */
export const attemptErrors = {
  unknownXfailReason(reasons: readonly string[], known: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'XFAIL_REASON_UNKNOWN',
      message: `--skip-xfail names unknown expected-failure reason(s) ${reasons.join(', ')}; known reasons: ${known.join(', ')} (as listed by \`status\`).`,
      details: { flag: '--skip-xfail', reasons: [...reasons], known: [...known] },
    });
  },
  otherEnvironment(requested: string, current: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_NOT_CURRENT',
      message: `--env-id ${requested} names another environment: attempts run only in the current one (${current}). Drop --env-id, or run from the environment ${requested} describes.`,
      details: { flag: '--env-id', requested, current },
    });
  },
  confirmationRequired(count: number, bytes: number): RecomputeError {
    return new RecomputeError({
      code: 'CONFIRMATION_REQUIRED',
      message: `Deleting ${count} attempt row(s) and ${bytes} bytes of regenerated copies needs confirmation: pass --yes.`,
      details: { count, bytes },
    });
  },
} as const;
