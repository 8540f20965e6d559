import type { NpyField } from '../npy/NpyArray';
import { fixtureV0Input, readGolden } from '../test-support/fixtureRecording';
import { nwbRecording } from './nwbRecording';

/** Values of a 1-D numpy repr like `array([0, 1])` or `array(['C', 'C'], dtype='<U1')`. */
function reprValues(repr: string): string[] {
  const inner = /^array\(\[(.*?)\]/s.exec(repr)?.[1] ?? '';
  return inner.split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
}

describe('nwbRecording reproduces NwbRecordingExtractor properties (golden raw_properties)', () => {
  test('property names, order, dtypes and values', async () => {
    const golden = await readGolden('short');
    const expected = golden.raw_properties as Record<string, string>;
    const { input } = await fixtureV0Input('short', '0');
    const raw = nwbRecording(input.source);
    expect([...raw.properties.keys()]).toEqual(Object.keys(expected));
    expect(raw.channelIds).toEqual(golden.channel_ids);
    expect(raw.annotations).toEqual(
      new Map<string, unknown>([
        ['is_filtered', false],
        ['probes_info', [{}]],
      ]),
    );

    for (const [key, array] of raw.properties) {
      const repr = expected[key] as string;
      if (key === 'contact_vector') {
        const fields = array.dtype as readonly NpyField[];
        expect(repr).toContain(`dtype=[${fields.map((f) => `('${f.name}', '${f.dtype}')`).join(', ')}]`);
        continue;
      }
      if (key === 'location') {
        expect(array.shape).toEqual([8, 3]);
        continue;
      }
      if (array.dtype === '<U1') expect(repr).toContain("dtype='<U1'");
      const values = reprValues(repr);
      expect(array.data.map((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : Number.isNaN(v) ? 'nan' : String(v)))).toEqual(
        values.map((v) => (/^-?\d+\.$/.test(v) ? v.slice(0, -1) : v)),
      );
    }
  });
});
