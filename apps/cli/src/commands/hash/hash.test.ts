import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');
const hasherFile = (name: string) => path.join(fixtures, 'hasher/files', name);

async function golden(name: string): Promise<Record<string, { hash?: string; objs?: Record<string, string>; error?: unknown }>> {
  return JSON.parse(await readFile(path.join(fixtures, 'hasher/golden', `${name}.json`), 'utf8')).modes;
}

describe('recompute hash nwb', () => {
  it('prints the golden default digest and namespaces as JSON', async () => {
    const modes = await golden('nwb_with_pes.nwb');
    const run = await runCli(['hash', 'nwb', hasherFile('nwb_with_pes.nwb'), '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json).toEqual({
      path: hasherFile('nwb_with_pes.nwb'),
      algorithm: 'spyglass-nwb',
      hash: modes.default!.hash,
      namespaces: { core: '2.6.0-alpha', 'hdmf-common': '1.5.1', 'hdmf-experimental': '0.2.0' },
    });
  });

  it('honours --rounding, --legacy, --batch-size and --objects', async () => {
    const pes = await golden('nwb_with_pes.nwb');
    const vlen = await golden('h5_long_vlen.h5');
    const rounded = await runCli(['hash', 'nwb', hasherFile('nwb_with_pes.nwb'), '--rounding', '2', '--json']);
    expect((rounded.json as { hash: string }).hash).toBe(pes.precision_2!.hash);
    const legacy = await runCli(['hash', 'nwb', hasherFile('nwb_with_pes.nwb'), '--legacy', '--json']);
    expect(legacy.json).toMatchObject({ algorithm: 'spyglass-nwb-legacy', hash: pes.legacy!.hash });
    const batch = await runCli(['hash', 'nwb', hasherFile('h5_long_vlen.h5'), '--batch-size', '7', '--objects', '--json']);
    const body = batch.json as { hash: string; objects: Record<string, string> };
    expect(body.hash).toBe(vlen.batch_7!.hash);
    const expectedObjects = Object.fromEntries(Object.entries(vlen.batch_7!.objs!).filter(([k, v]) => !k.endsWith('/k') && v !== null));
    expect(body.objects).toEqual(expectedObjects);
  });

  it('hashes several files, reporting each failure by file and exiting 2', async () => {
    const run = await runCli(['hash', 'nwb', hasherFile('h5_empty_file.h5'), hasherFile('crash_compound_array.h5'), '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual([
      expect.objectContaining({ path: hasherFile('h5_empty_file.h5'), hash: '99914b932bd37a50b983c5e7c90ae93b' }),
      { path: hasherFile('crash_compound_array.h5'), error: expect.objectContaining({ code: 'HASH_UNSUPPORTED_OBJECT' }) },
    ]);
  });

  it.each([
    ['a missing path', '/definitely/not/here.nwb', 'FILE_NOT_FOUND'],
    ['a directory', fixtures, 'NOT_A_FILE'],
    ['a file that is not HDF5', path.join(fixtures, 'README.md'), 'NOT_HDF5'],
  ])('rejects %s with exit 2 and a typed error naming it', async (_label, file, code) => {
    const run = await runCli(['hash', 'nwb', file, '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code, message: expect.stringContaining(file) }) });
  });

  it('rejects a malformed --rounding value', async () => {
    const run = await runCli(['hash', 'nwb', hasherFile('h5_empty_file.h5'), '--rounding', 'lots', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'FLAG_INVALID', message: expect.stringContaining('--rounding') }) });
  });
});

describe('recompute hash dir', () => {
  it('gives the golden v0 folder digest, with file tokens on --objects', async () => {
    const goldenJson = JSON.parse(await readFile(path.join(fixtures, 'dirhash/golden.json'), 'utf8'));
    const run = await runCli(['hash', 'dir', path.join(fixtures, 'dirhash/dirs/mixed'), '--objects', '--json']);
    expect(run.exitCode).toBe(0);
    const body = run.json as { algorithm: string; hash: string; files: Record<string, string> };
    expect(body.algorithm).toBe('spyglass-dir');
    expect(body.hash).toBe(goldenJson.mixed.hash);
    expect(body.files).toEqual(goldenJson.mixed.cache);
  });
});
