import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MUTATION_KINDS, mutateFile, seededRandom } from '../../test-support/mutateFile';
import { runCli } from '../../test-support/runCli';

// Issue 12 §3: no input may hang `recompute hash nwb`; every file ends with a digest or a
// typed error in the JSON error shape (cli.md), in bounded time.
const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');
const hasherFile = (name: string): string => path.join(fixtures, 'hasher/files', name);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-damaged-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Each input that made h5wasm loop forever (three fixtures with a 512-byte block zeroed) ends in
// HDF5_TIMEOUT under the watchdog `hash nwb` uses: packages/nwb's watchdog/hangingInputs.test.ts,
// in process, for all three. Here one of them through the spawned CLI: `--timeout` reaches the
// watchdog, and the process exits 2 with the JSON error document in bounded time (each such case
// spins a core for the whole budget, so the CLI repeats no input the package test covers).
describe('recompute hash nwb on an input that made h5wasm loop forever', () => {
  it('h5_strings.h5 with 512 bytes zeroed at 2348: exit 2 with HDF5_TIMEOUT after --timeout', async () => {
    const [source, offset] = ['h5_strings.h5', 2348];
    const bytes = Buffer.from(readFileSync(hasherFile(source)));
    bytes.fill(0, offset, offset + 512);
    const file = path.join(tmp, `${source}.zeroed-at-${offset}`);
    writeFileSync(file, bytes);
    const started = Date.now();
    const run = await runCli(['hash', 'nwb', file, '--timeout', '2', '--json'], {}, { timeoutMs: 60_000 });
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: { code: 'HDF5_TIMEOUT', message: expect.stringContaining(file), details: expect.objectContaining({ file }) },
    });
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('recompute hash nwb mutation fuzz', () => {
  const SEED = 20261203;
  const CASES = 320;
  const sources = [
    'h5_attrs.h5',
    'h5_numeric.h5',
    'h5_strings.h5',
    'h5_links.h5',
    'h5_scalars.h5',
    'nwb_realistic.nwb',
    'h5_track_order.h5',
    'h5_pes_rounding.h5',
    'nwb_with_pes.nwb',
    'h5_empty_groups.h5',
  ];
  const EXPECTED_CODES = ['NOT_HDF5', 'HDF5_CORRUPT', 'HDF5_TIMEOUT', 'HASH_UNSUPPORTED_OBJECT', 'JSON_INVALID'];

  it(`${CASES} damaged copies (truncate, flip, zero-block, append) each end in a digest or a typed JSON error`, async () => {
    const random = seededRandom(SEED);
    const files: string[] = [];
    for (let i = 0; i < CASES; i += 1) {
      const source = sources[i % sources.length]!;
      const kind = MUTATION_KINDS[Math.floor(i / sources.length) % MUTATION_KINDS.length]!;
      const file = path.join(tmp, `fuzz-${i}-${kind}-${source}`);
      writeFileSync(file, mutateFile(readFileSync(hasherFile(source)), kind, random));
      files.push(file);
    }
    // One process hashes them all in its worker pool, each file under the watchdog (a hanging
    // copy spins a core for the whole budget; a healthy one, at most 300 KB, takes well under a second);
    // the child-process timeout is the "no hang" bound for the whole run.
    const run = await runCli(['hash', 'nwb', ...files, '--timeout', '3', '--json'], {}, { timeoutMs: 300_000 });
    expect(run.exitCode === 0 || run.exitCode === 2).toBe(true);
    const results = run.json as Array<{ path: string; hash?: string; error?: { code: string; message: string } }>;
    expect(results.map((r) => r.path)).toEqual(files);
    const counts: Record<string, number> = { digest: 0, typed: 0 };
    for (const result of results) {
      if (result.hash !== undefined) {
        expect(result.hash).toMatch(/^[0-9a-f]{32}$/);
        counts.digest! += 1;
      } else {
        expect(result.error).toEqual(
          expect.objectContaining({ code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), message: expect.stringContaining(result.path) }),
        );
        expect(EXPECTED_CODES).toContain(result.error!.code);
        counts.typed! += 1;
        counts[result.error!.code] = (counts[result.error!.code] ?? 0) + 1;
      }
    }
    expect(counts.digest! + counts.typed!).toBe(CASES);
    expect(counts.digest).toBeGreaterThan(0);
    expect(counts.typed).toBeGreaterThan(0);
    // The counts for the closing note (digest / typed error / other = 0 by the checks above).
    process.stderr.write(`hash nwb fuzz (seed ${SEED}): ${JSON.stringify(counts)}\n`);
  }, 360_000);
});
