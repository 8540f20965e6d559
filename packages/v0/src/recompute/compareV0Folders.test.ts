import path from 'node:path';
import { hashDirectory } from '@spyglass-recompute/nwb';
import { readGolden, SPIKESORTING_FIXTURES } from '../folder/test-support/fixtureRecording';
import { compareV0Folders } from './compareV0Folders';
import { hashV0Folder } from './hashV0Folder';
import { readFolderVersions } from './readFolderVersions';

const folder = (variant: string, chunking: string, group: string) =>
  path.join(SPIKESORTING_FIXTURES, variant, chunking, `oracle_raw.nwb_sortint_${group}_default`);

// The fixture ships the same recording saved with 10 s and 1 s chunks: only the traces differ.
test('1000 ms vs 10000 ms chunk folders differ only in the traces, by the golden max |Δ|', async () => {
  const golden = await readGolden('short');
  const expected = ((golden.v0 as Record<string, Record<string, unknown>>)['0']!.chunk1000ms as { max_abs_diff_vs_10000ms: number })
    .max_abs_diff_vs_10000ms;
  const comparisons = await compareV0Folders(folder('short', 'v0', '0'), folder('short', 'v0_chunk1000ms', '0'));
  expect(comparisons.map((c) => c.name)).toEqual(['traces_cached_seg0.raw']);
  expect(comparisons[0]!.maxAbsDiff).toBe(Number(expected));
  expect(comparisons[0]!.maxRelDiff).toBeGreaterThan(0);
  expect(comparisons[0]!.maxRelDiff).toBeLessThanOrEqual(2);
  expect(comparisons[0]!.differingElements).toBeGreaterThan(0);
});

test('hashV0Folder: the DirectoryHasher digest, per-file objects as 32-hex digests', async () => {
  for (const variant of ['short', 'long']) {
    const golden = await readGolden(variant);
    for (const group of ['0', '1']) {
      const digest = await hashV0Folder(folder(variant, 'v0', group));
      const dirHash = ((golden.v0 as Record<string, Record<string, unknown>>)[group]!.dir_hash as { hash: string }).hash;
      expect({ variant, group, hash: digest.hash, algorithm: digest.algorithm }).toEqual({
        variant,
        group,
        hash: dirHash,
        algorithm: 'spyglass-dir',
      });
      const files = Object.keys((await hashDirectory(folder(variant, 'v0', group))).files);
      expect(Object.keys(digest.objects)).toEqual(files);
      expect(Object.values(digest.objects).every((token) => /^[0-9a-f]{32}$/.test(token))).toBe(true);
    }
  }
});

test('readFolderVersions of the shipped folders', () => {
  for (const variant of ['short', 'long']) {
    expect(readFolderVersions(folder(variant, 'v0', '1'))).toEqual({
      spikeinterface: '0.99.1',
      probeinterface: '0.2.28',
      probeAnnotations: [{}],
    });
  }
});
