import { DeadlockException, LockWaitTimeoutException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { retryOnDeadlock } from './retryOnDeadlock';

/** Work that fails with `failures` in turn, then resolves `done`; counts its calls. */
function flaky(failures: Error[]): { work: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    work: async () => {
      const failure = failures[calls];
      calls += 1;
      if (failure) throw failure;
      return 'done';
    },
    calls: () => calls,
  };
}

describe('retryOnDeadlock', () => {
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(() => jest.restoreAllMocks());

  it('runs the work again after a deadlock or a lock wait timeout, and resolves its result', async () => {
    const { work, calls } = flaky([new DeadlockException(new Error('deadlock')), new LockWaitTimeoutException(new Error('lock wait'))]);
    await expect(retryOnDeadlock(work)).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  it('passes any other error on at once', async () => {
    const duplicate = new UniqueConstraintViolationException(new Error('duplicate'));
    const { work, calls } = flaky([duplicate]);
    await expect(retryOnDeadlock(work)).rejects.toBe(duplicate);
    expect(calls()).toBe(1);
  });

  it('gives up after the given number of attempts (8 by default) with the last error', async () => {
    const deadlocks = Array.from({ length: 10 }, (_, i) => new DeadlockException(new Error(`deadlock ${i}`)));
    const three = flaky(deadlocks);
    await expect(retryOnDeadlock(three.work, 3)).rejects.toBe(deadlocks[2]);
    expect(three.calls()).toBe(3);
    const eight = flaky(deadlocks);
    await expect(retryOnDeadlock(eight.work)).rejects.toBe(deadlocks[7]);
    expect(eight.calls()).toBe(8);
  });

  it('succeeds on the last allowed attempt', async () => {
    const { work, calls } = flaky([new DeadlockException(new Error('a')), new DeadlockException(new Error('b'))]);
    await expect(retryOnDeadlock(work, 3)).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  it('backs off 10 ms plus up to 40 ms per attempt so far before each retry', async () => {
    jest.useFakeTimers();
    try {
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const { work, calls } = flaky([new DeadlockException(new Error('a')), new DeadlockException(new Error('b'))]);
      const result = retryOnDeadlock(work);
      await jest.advanceTimersByTimeAsync(29);
      expect(calls()).toBe(1);
      await jest.advanceTimersByTimeAsync(1); // 10 + 0.5 × 40 × 1
      expect(calls()).toBe(2);
      await jest.advanceTimersByTimeAsync(49);
      expect(calls()).toBe(2);
      await jest.advanceTimersByTimeAsync(1); // 10 + 0.5 × 40 × 2
      expect(calls()).toBe(3);
      await expect(result).resolves.toBe('done');
    } finally {
      jest.useRealTimers();
    }
  });
});
