import { pythonAbsolutePath } from './pythonAbsolutePath';

// Expected values are what Python 3.11 `str(Path(p).absolute())` prints with cwd=/work/x.
test.each([
  ['/data/spyglass/raw/oracle_raw.nwb', '/data/spyglass/raw/oracle_raw.nwb'],
  ['/data//spyglass/./raw/', '/data/spyglass/raw'],
  ['/data/spyglass/../raw/a.nwb', '/data/spyglass/../raw/a.nwb'],
  ['raw/a.nwb', '/work/x/raw/a.nwb'],
  ['./a.nwb', '/work/x/a.nwb'],
  ['//net/a.nwb', '//net/a.nwb'],
  ['///net/a.nwb', '/net/a.nwb'],
])('%s → %s', (input, expected) => {
  expect(pythonAbsolutePath(input, '/work/x')).toBe(expected);
});
