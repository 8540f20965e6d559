import { PyDict, isNdArray, type NdArray } from './BlobValue';
import { decodeBlob } from './decodeBlob';
import { encodeBlob } from './encodeBlob';
import { blobValueToJson } from './jsonBlobValue';
import { parseDumpInserts, type DumpRow } from '../test-support/parseDumpInserts';

// Every blob DataJoint 0.14.9 wrote into the Spyglass fixture database (params, valid_times,
// nwb_deps, the user environment, the lookup tables' contents, compressed or not).
const rows = parseDumpInserts();
const blobPrefixes = ['mYm\0', 'dj0\0', 'ZL123\0'];
const isBlob = (value: unknown): value is Uint8Array =>
  value instanceof Uint8Array && blobPrefixes.some((prefix) => Buffer.from(value.subarray(0, prefix.length)).toString('latin1') === prefix);
const blobs = rows.flatMap((row) =>
  row.values.filter(isBlob).map((blob, index) => ({ where: `${row.schema}.${row.table} #${index}`, blob })),
);

function rowOf(schema: string, table: string, first: string | number): DumpRow {
  const row = rows.find((candidate) => candidate.schema === schema && candidate.table === table && candidate.values[0] === first);
  if (!row) throw new Error(`no ${schema}.${table} row ${first}`);
  return row;
}

describe('DataJoint blobs of the Spyglass dump', () => {
  it('holds every kind the fixture promises (mYm arrays, dj0 objects, ZL123-compressed)', () => {
    const prefixes = new Set(blobs.map(({ blob }) => Buffer.from(blob.subarray(0, 3)).toString('latin1')));
    expect([...prefixes].sort()).toEqual(['ZL1', 'dj0', 'mYm']);
    expect(blobs.length).toBe(47);
  });

  it.each(blobs.map(({ where, blob }) => [where, blob] as const))('%s decodes and re-encodes to the same bytes', (_where, blob) => {
    expect(Buffer.from(encodeBlob(decodeBlob(blob))).equals(Buffer.from(blob))).toBe(true);
  });

  it('reads valid_times as a float64 (n, 2) array', () => {
    const row = rows.find((candidate) => candidate.table === 'interval_list' && candidate.values[1] === 'raw data valid times')!;
    const validTimes = decodeBlob(row.values[2] as Uint8Array) as NdArray;
    expect(validTimes).toMatchObject({ kind: 'ndarray', dtype: 'float64', shape: [1, 2] });
    expect(blobValueToJson(validTimes)).toEqual([[1687429800.0, 1687429802.9999666]]);
  });

  it('reads the v0 and v1 preprocessing params as dicts of Python ints', () => {
    const v0 = decodeBlob(rowOf('spikesorting_recording', 'spike_sorting_preprocessing_parameters', 'default').values[1] as Uint8Array);
    expect(v0).toBeInstanceOf(PyDict);
    expect((v0 as PyDict).get('frequency_min')).toBe(300n);
    expect(blobValueToJson(v0)).toEqual({ frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0 });
    const v1 = decodeBlob(rowOf('spikesorting_v1_recording', '#spike_sorting_preprocessing_parameters', 'default').values[1] as Uint8Array);
    expect(blobValueToJson(v1)).toMatchObject({ frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0, min_segment_length: 1 });
  });

  it('reads v1 nwb_deps as a dict of version strings', () => {
    const versions = rows.filter((row) => row.schema === 'spikesorting_v1_recompute' && row.table === '__recording_recompute_versions');
    expect(versions).toHaveLength(2);
    for (const row of versions) {
      expect(blobValueToJson(decodeBlob(row.values[1] as Uint8Array))).toEqual({
        core: '2.6.0-alpha',
        'hdmf-common': '1.5.1',
        'hdmf-experimental': '0.2.0',
        spyglass: 'oracle',
      });
    }
  });

  it('reads the v0 sort interval as a 1-D float64 array', () => {
    const row = rowOf('spikesorting_recording', 'sort_interval', 'oracle_raw.nwb');
    const interval = decodeBlob(row.values[2] as Uint8Array);
    expect(isNdArray(interval) && interval.shape).toEqual([2]);
    expect(blobValueToJson(interval)).toEqual([1687429800.5, 1687429802.5]);
  });

  it('reads the compressed spike sorter parameter dicts', () => {
    const sorterRows = rows.filter((row) => row.table === '#spike_sorter_parameters');
    expect(sorterRows.length).toBeGreaterThanOrEqual(22);
    const compressed = sorterRows.filter(
      (row) => isBlob(row.values[2]) && Buffer.from((row.values[2] as Uint8Array).subarray(0, 2)).toString() === 'ZL',
    );
    expect(compressed.length).toBeGreaterThan(0);
    for (const row of compressed) expect(decodeBlob(row.values[2] as Uint8Array)).toBeInstanceOf(PyDict);
  });
});
