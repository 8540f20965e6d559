import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalUuid, formatUuid, uuidToBinary } from './uuidBinary';
import { md5Uuid } from './md5Uuid';
import { parseDumpInserts } from '../test-support/parseDumpInserts';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const rows = parseDumpInserts();

describe('uuid as binary(16)', () => {
  it('stores Python uuid.UUID(...).bytes, as the dump holds recording_id', () => {
    const selection = rows.find((row) => row.schema === 'spikesorting_v1_recording' && row.table === 'spike_sorting_recording_selection')!;
    const bytes = selection.values[0] as Uint8Array;
    expect(formatUuid(bytes)).toBe('a2ed3f38-d5bd-5f7b-b068-613af6364bcb');
    expect(Buffer.from(uuidToBinary('A2ED3F38D5BD5F7BB068613AF6364BCB')).equals(Buffer.from(bytes))).toBe(true);
  });

  it('gives typed errors naming the bad value', () => {
    expect(() => canonicalUuid('not-a-uuid')).toThrow(expect.objectContaining({ code: 'UUID_INVALID', details: { value: 'not-a-uuid' } }));
    expect(() => formatUuid(new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'UUID_INVALID' }));
  });
});

describe('md5Uuid (DataJoint uuid_from_buffer)', () => {
  const external = rows.filter((row) => row.schema === 'common_nwbfile' && row.table === '~external_analysis');

  it('keys filepath@analysis by the md5 of the path relative to the store', () => {
    expect(external).toHaveLength(2);
    for (const [hash, , , filepath] of external.map((row) => row.values)) {
      expect(md5Uuid(filepath as string)).toBe(formatUuid(hash as Uint8Array));
    }
  });

  it('records contents_hash as the md5 of the file bytes', () => {
    const [, size, , , contentsHash] = external.find(
      (row) => row.values[3] === 'oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb',
    )!.values;
    const bytes = readFileSync(path.join(fixtures, 'spikesorting/short/v1/oracle_raw_group0_ORACLE0000.nwb'));
    expect(bytes.length).toBe(size);
    expect(md5Uuid(bytes)).toBe(formatUuid(contentsHash as Uint8Array));
    expect(md5Uuid(bytes).replace(/-/g, '')).toBe(createHash('md5').update(bytes).digest('hex'));
  });
});
