import path from 'node:path';
import { readNpy } from './npy';
import { withRawRecording } from './RawRecordingReader';
import { golden, sameBytes, variantDir } from '../test-support/fixtures';

describe('RawRecordingReader', () => {
  const file = path.join(variantDir('short'), 'raw', 'oracle_raw.nwb');

  it('reads series metadata, the electrodes table and row batches of the short fixture', async () => {
    const g = golden('short');
    const raw = await readNpy(path.join(variantDir('short'), 'npy', 'raw_int16.npy'));
    const ts = await readNpy(path.join(variantDir('short'), 'npy', 'raw_timestamps.npy'));
    await withRawRecording(file, (r) => {
      expect(r.seriesName).toBe('e-series');
      expect([r.numSamples, r.numColumns]).toEqual(g.raw_shape);
      expect(r.conversion).toBe(g.raw_conversion);
      expect(r.rate).toBeUndefined();
      expect(r.columnElectrodeIds).toEqual(g.channel_ids);
      expect(r.columnChannelIds).toEqual(g.channel_ids);
      expect(r.hasElectrodeColumn('channel_name')).toBe(false);
      expect(r.electrodeColumn('group_name')).toEqual(['0', '0', '0', '0', '1', '1', '1', '1']);
      expect(r.electrodeColumn('location')).toEqual(Array(8).fill('CA1'));
      expect(r.electrodeColumn('bad_channel')).toEqual(Array(8).fill(false));
      expect(r.columnsOfElectrodes([7, 0])).toEqual([7, 0]);
      // a batch in the middle, a column sub-range, and timestamps
      expect(sameBytes(r.readRows(1000, 3000), (raw.data as Int16Array).subarray(1000 * 8, 3000 * 8))).toBe(true);
      const sub = r.readRows(10, 12, 2, 5);
      expect(Array.from(sub)).toEqual([10, 11].flatMap((row) => [2, 3, 4].map((c) => (raw.data as Int16Array)[row * 8 + c])));
      // readRowsInto: the same bytes, into the prefix of a reused (larger, dirty) buffer
      const target = new Int16Array(3000 * 8).fill(-1);
      expect(sameBytes(r.readRowsInto(1000, 3000, 0, 8, target), (raw.data as Int16Array).subarray(1000 * 8, 3000 * 8))).toBe(true);
      expect(Array.from(r.readRowsInto(10, 12, 2, 5, target))).toEqual(Array.from(sub));
      expect(() => r.readRowsInto(0, 10, 0, 8, new Int16Array(79))).toThrow(RangeError);
      expect(sameBytes(r.readTimestamps(0, 100), (ts.data as Float64Array).subarray(0, 100))).toBe(true);
      // readTimestampsInto: the same values, into the prefix of a reused (larger, dirty) buffer
      const times = new Float64Array(3000).fill(-1);
      const into = r.readTimestampsInto(1000, 3000, times);
      expect(into.buffer).toBe(times.buffer);
      expect(into.length).toBe(2000);
      expect(sameBytes(into, (ts.data as Float64Array).subarray(1000, 3000))).toBe(true);
      expect(() => r.readTimestampsInto(0, 10, new Float64Array(9))).toThrow(RangeError);
      expect(() => r.readRows(0, r.numSamples + 1)).toThrow(/outside/);
    });
  });
});
