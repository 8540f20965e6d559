import { engineErrors } from './engineErrors';

/**
 * Resolves like `work`, or rejects with `REGENERATION_TIMEOUT` after `timeoutMs` and aborts
 * `controller` so cooperative work stops. No timeout when `timeoutMs` is undefined.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, controller: AbortController): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(engineErrors.regenerationTimedOut(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
