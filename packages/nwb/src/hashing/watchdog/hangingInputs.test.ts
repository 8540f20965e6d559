import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFiles } from '../hashNwbFiles';
import { hashNwbFileWatched } from './hashNwbFileWatched';
import { defaultHdf5TimeoutMs } from './hdf5Timeout';

// Issue 12 §3: `hash nwb` never returned (100% CPU inside h5wasm) on public fixtures with one
// 512-byte block zeroed. The inputs are built here from the fixtures, at run time.
const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');
const fixtureFile = (name: string): string => path.join(fixtures, 'hasher/files', name);
const goldenDefault = (name: string): string =>
  (JSON.parse(readFileSync(path.join(fixtures, 'hasher/golden', `${name}.json`), 'utf8')) as { modes: { default: { hash: string } } }).modes
    .default.hash;
const HANGING: ReadonlyArray<readonly [string, number]> = [
  ['h5_strings.h5', 2348],
  ['nwb_realistic.nwb', 113601],
  ['nwb_realistic.nwb', 274759],
];
/** Budget of the hanging inputs: each spins a core for all of it, and any budget ends a hang. */
const TIMEOUT_MS = 1000;
/**
 * Budget where a healthy file must also pass on a busy machine: a fresh worker loads h5wasm first
 * (~0.3 s on an idle core) and hashes nwb_realistic.nwb (~0.1 s); the hanging file spins for all of it.
 */
const HEALTHY_TIMEOUT_MS = 4000;

let tmp: string;
const hangingPath = (source: string, offset: number): string => path.join(tmp, `${source}.zeroed-at-${offset}`);

beforeAll(() => {
  // The watchdog runs the built worker; without it the hash would run unguarded and hang here.
  expect(existsSync(path.resolve(__dirname, '../../../dist/hashing/hashFileWorker.js'))).toBe(true);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-hanging-'));
  for (const [source, offset] of HANGING) {
    const bytes = Buffer.from(readFileSync(fixtureFile(source)));
    bytes.fill(0, offset, offset + 512);
    writeFileSync(hangingPath(source, offset), bytes);
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hashNwbFileWatched', () => {
  it.each(HANGING)('%s with 512 bytes zeroed at %i ends with HDF5_TIMEOUT within the budget', async (source, offset) => {
    const file = hangingPath(source, offset);
    const started = Date.now();
    await expect(hashNwbFileWatched(file, {}, { timeoutMs: TIMEOUT_MS })).rejects.toMatchObject({
      code: 'HDF5_TIMEOUT',
      exitCode: 2,
      message: expect.stringContaining(file),
      details: expect.objectContaining({ file, timeoutMs: TIMEOUT_MS }),
    });
    // Budget plus the time terminating a thread that spins in wasm takes.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5000);
  });

  it('gives the golden digest of a healthy file, with progress per object', async () => {
    const seen: string[] = [];
    const result = await hashNwbFileWatched(
      fixtureFile('nwb_realistic.nwb'),
      {},
      { onObject: (_done, _total, object) => seen.push(object) },
    );
    expect(result.hash).toBe(goldenDefault('nwb_realistic.nwb'));
    expect(seen.length).toBeGreaterThan(10);
  });

  it('answers missing and non-HDF5 input before starting a thread', async () => {
    await expect(hashNwbFileWatched(path.join(tmp, 'missing.nwb'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(hashNwbFileWatched(path.join(fixtures, 'README.md'))).rejects.toMatchObject({ code: 'NOT_HDF5' });
  });
});

describe('hashNwbFiles under the watchdog', () => {
  it('reports the hanging files as HDF5_TIMEOUT and still hashes the healthy ones (a fresh worker replaces a killed one)', async () => {
    const files = [hangingPath('h5_strings.h5', 2348), fixtureFile('nwb_realistic.nwb')];
    const outcomes = await hashNwbFiles(files, {}, { concurrency: 1, timeoutMs: HEALTHY_TIMEOUT_MS });
    expect(outcomes.map((o) => (o.ok ? o.result.hash : o.error.code))).toEqual(['HDF5_TIMEOUT', goldenDefault('nwb_realistic.nwb')]);
  });
});

describe('defaultHdf5TimeoutMs', () => {
  it('allows a 10 GiB file well over the time a healthy read takes', () => {
    // ~120 MB/s for gzip data on one core → ~90 s for 10 GiB; the default is 15x that or more.
    expect(defaultHdf5TimeoutMs(10 * 1024 ** 3)).toBeGreaterThanOrEqual(1280_000);
    expect(defaultHdf5TimeoutMs(0)).toBe(120_000);
  });
});
