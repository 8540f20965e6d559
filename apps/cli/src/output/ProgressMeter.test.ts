import { ProgressMeter, formatProgress, formatSeconds } from './ProgressMeter';

describe('ProgressMeter', () => {
  it('prints done/total, the rate and the ETA, at most once per interval, and always the last item', () => {
    let now = 0;
    const lines: string[] = [];
    const meter = new ProgressMeter('run', { unit: 'recordings', write: (line) => lines.push(line), clock: () => now, intervalMs: 1000 });
    now = 2000;
    meter.update(1, 10, 'rec_a');
    now = 2500;
    meter.update(2, 10); // within the interval: silent
    now = 4000;
    meter.update(4, 10);
    now = 4100;
    meter.update(10, 10);
    expect(lines).toEqual([
      'run: 1/10 recordings · 0.50/s · ETA 18 s (rec_a)',
      'run: 4/10 recordings · 1.0/s · ETA 6 s',
      'run: 10/10 recordings · 2.4/s · done in 4 s',
    ]);
  });

  it('formats long waits and starts without a rate', () => {
    expect(formatProgress('hash', 'objects', 0, 5, 0)).toBe('hash: 0/5 objects');
    expect(formatSeconds(185)).toBe('3 min 5 s');
    expect(formatSeconds(7800)).toBe('2 h 10 min');
  });
});
