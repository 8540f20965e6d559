import { withTimeout } from './withTimeout';

describe('withTimeout', () => {
  it('resolves like the work when it finishes in time, and then never aborts it', async () => {
    const controller = new AbortController();
    await expect(withTimeout(Promise.resolve('done'), 30, controller)).resolves.toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(controller.signal.aborted).toBe(false);
  });

  it('rejects with REGENERATION_TIMEOUT naming the limit and aborts the work once the time is up', async () => {
    const controller = new AbortController();
    const never = new Promise<string>(() => undefined);
    await expect(withTimeout(never, 20, controller)).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT', details: { timeoutMs: 20 } });
    expect(controller.signal.aborted).toBe(true);
  });

  it('without a limit waits for the work however long it takes', async () => {
    const controller = new AbortController();
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(1), 50));
    await expect(withTimeout(slow, undefined, controller)).resolves.toBe(1);
    expect(controller.signal.aborted).toBe(false);
  });
});
