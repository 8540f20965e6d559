import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

const short = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short');

/** The data bytes of a .npy file (header skipped), for exact comparison. */
async function npyData(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  const headerLength = bytes[6] === 1 ? bytes.readUInt16LE(8) + 10 : bytes.readUInt32LE(8) + 12;
  return bytes.subarray(headerLength);
}

describe('recompute preprocess', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'cli-preprocess-'));
  });
  afterAll(async () => rm(outDir, { recursive: true, force: true }));

  it.each([
    ['v1', '0', '4', 'v1_group0_filtered_float64.npy'],
    ['v0', '1', '-2', 'v0_group1_filtered_int16.npy'],
  ])('writes %s traces of group %s (reference %s) bit-identical to the fixture', async (style, group, reference, expected) => {
    const golden = JSON.parse(await readFile(path.join(short, 'golden.json'), 'utf8'));
    const electrodes = golden.sort_groups?.[group]?.electrodes ?? (group === '0' ? [0, 1, 2, 3] : [4, 5, 6, 7]);
    const [start, end] = golden.sort_interval as [string, string];
    const dir = path.join(outDir, `${style}-${group}`);
    const run = await runCli([
      'preprocess',
      path.join(short, 'raw/oracle_raw.nwb'),
      '--electrodes',
      electrodes.join(','),
      '--reference',
      reference,
      '--interval',
      `${start}:${end}`,
      '--style',
      style,
      '--out-dir',
      dir,
      '--json',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({
      style,
      samplingFrequency: Number(golden.sampling_frequency_from_median_diff),
      segments: [expect.objectContaining({ samples: 60000 })],
    });
    expect((await npyData(path.join(dir, 'traces_seg0.npy'))).equals(await npyData(path.join(short, 'npy', expected)))).toBe(true);
  });

  it('rejects a band above Nyquist and an unknown electrode with exit 2', async () => {
    const args = [
      'preprocess',
      path.join(short, 'raw/oracle_raw.nwb'),
      '--interval',
      '1687429800.5:1687429802.5',
      '--style',
      'v1',
      '--out-dir',
      path.join(outDir, 'bad'),
      '--json',
    ];
    const nyquist = await runCli([...args, '--electrodes', '0,1', '--reference', '-1', '--frequency-max', '20000']);
    expect(nyquist.exitCode).toBe(2);
    expect(nyquist.json).toEqual({ error: expect.objectContaining({ code: 'FILTER_FREQ_ABOVE_NYQUIST' }) });
    const unknown = await runCli([...args, '--electrodes', '0,42', '--reference', '-1']);
    expect(unknown.exitCode).toBe(2);
    expect(JSON.stringify(unknown.json)).toContain('42');
  });
});
