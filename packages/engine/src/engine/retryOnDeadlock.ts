import { DeadlockException, LockWaitTimeoutException } from '@mikro-orm/core';

/**
 * Runs `work` again when MySQL/MariaDB picked it as a deadlock victim (or a lock wait timed
 * out) — transient by definition, "try restarting transaction" — with a short random backoff.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const transient = error instanceof DeadlockException || error instanceof LockWaitTimeoutException;
      if (!transient || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}
