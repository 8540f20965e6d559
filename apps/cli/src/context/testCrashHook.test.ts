import { testCrashPoint } from './testCrashHook';

describe('testCrashPoint', () => {
  test('is off outside tests and for names that are not crash points, so production runs have no crash point', () => {
    expect(testCrashPoint({ RECOMPUTE_TEST_CRASH_AT: 'delete:flagged' })).toBeUndefined();
    expect(testCrashPoint({ NODE_ENV: 'production', RECOMPUTE_TEST_CRASH_AT: 'delete:flagged' })).toBeUndefined();
    expect(testCrashPoint({ NODE_ENV: 'test' })).toBeUndefined();
    expect(testCrashPoint({ NODE_ENV: 'test', RECOMPUTE_TEST_CRASH_AT: 'delete:flaged' })).toBeUndefined();
  });

  test('in tests it kills only at the named point', async () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      const crashPoint = testCrashPoint({ NODE_ENV: 'test', RECOMPUTE_TEST_CRASH_AT: 'delete:moved-to-trash' });
      expect(crashPoint).toBeDefined();
      await crashPoint?.('delete:flagged');
      expect(kill).not.toHaveBeenCalled();
      await crashPoint?.('delete:moved-to-trash');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    } finally {
      kill.mockRestore();
    }
  });
});
