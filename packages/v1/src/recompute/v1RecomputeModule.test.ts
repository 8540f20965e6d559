import { V1RecomputePipeline } from './V1RecomputePipeline';
import { accumulateDifferences } from './compareNwbObjects';
import { SUPPORTED_NAMESPACES, unsupportedNamespaces } from './v1GeneratorVersion';
import { parseV1RecordingId } from '../recording/parseV1RecordingId';
import { v1RecomputeModule } from './v1RecomputeModule';
import { testSnapshot } from '../recording/test-support/v1World';

describe('v1RecomputeModule', () => {
  it('parses recording ids as uuids (any case, with or without dashes) and rejects anything else with exit 2', () => {
    expect(parseV1RecordingId('0123456789ABCDEF0123456789abcdef')).toEqual({ recording_id: '01234567-89ab-cdef-0123-456789abcdef' });
    expect(parseV1RecordingId(' 01234567-89AB-cdef-0123-456789ABCDEF ')).toEqual({ recording_id: '01234567-89ab-cdef-0123-456789abcdef' });
    for (const bad of ['', 'oracle_raw.nwb', '01234567-89ab-cdef-0123-456789abcde']) {
      expect(() => parseV1RecordingId(bad)).toThrow(expect.objectContaining({ code: 'RECORDING_ID_INVALID', exitCode: 2 }));
    }
  });

  it('describes its filters, the rounding attempt parameter and its names', () => {
    expect(v1RecomputeModule.name).toBe('v1');
    expect(v1RecomputeModule.filterFields['nwb-file']).toMatchObject({ column: 'nwb_file_name', type: 'string' });
    expect(v1RecomputeModule.filterFields['recording-id']).toMatchObject({ column: 'recording_id', type: 'uuid' });
    expect(v1RecomputeModule.filterFields['sort-group']).toMatchObject({ column: 'sort_group_id', type: 'integer' });
    expect(v1RecomputeModule.attemptParams).toEqual({ rounding: { description: expect.any(String), default: 4 } });
    expect(v1RecomputeModule.jobTableName).toContain('spikesorting_v1_recompute');
  });
});

describe('V1RecomputePipeline steps that need no database', () => {
  // The em is never touched by these steps.
  const pipeline = new V1RecomputePipeline({
    em: undefined as never,
    roots: { base: '/unused', raw: '/unused/raw', analysis: '/unused/analysis', recording: '/unused/recording', temp: '/unused/tmp' },
  });

  it('a match at a higher rounding (0 = none = strictest) supersedes lower-rounding attempts', () => {
    expect(pipeline.supersedes({ rounding: 6 }, { rounding: 4 })).toBe(true);
    expect(pipeline.supersedes({ rounding: 0 }, { rounding: 6 })).toBe(true);
    expect(pipeline.supersedes({ rounding: 4 }, { rounding: 4 })).toBe(false);
    expect(pipeline.supersedes({ rounding: 4 }, { rounding: 6 })).toBe(false);
    expect(pipeline.supersedes({ rounding: 6 }, { rounding: 0 })).toBe(false);
    expect(pipeline.defaultParams).toEqual({ rounding: 4 });
  });

  it('gates on namespace versions our writer does not make; absent namespaces pass', () => {
    expect(pipeline.environmentMismatch({ ...SUPPORTED_NAMESPACES, 'spyglass-recompute-v1': '0.1.0' }, testSnapshot())).toBeNull();
    expect(pipeline.environmentMismatch({}, testSnapshot())).toBeNull();
    expect(pipeline.environmentMismatch({ ...SUPPORTED_NAMESPACES, core: '2.7.0' }, testSnapshot())).toContain('core 2.7.0');
    expect(unsupportedNamespaces({ 'hdmf-common': '1.8.0' })).toContain('hdmf-common 1.8.0 (writer makes 1.5.1)');
  });
});

describe('accumulateDifferences', () => {
  it('tracks max |Δ|, max relative Δ and differing elements; NaN = NaN, NaN ≠ number', () => {
    const acc = { maxAbsDiff: 0, maxRelDiff: 0, differingElements: 0 };
    accumulateDifferences(acc, [1, 2, 4, NaN, 0], [1, 2.5, 3, NaN, 0]);
    expect(acc).toEqual({ maxAbsDiff: 1, maxRelDiff: 0.25, differingElements: 2 });
    accumulateDifferences(acc, [NaN], [1]);
    expect(acc.maxAbsDiff).toBe(Infinity);
    expect(acc.differingElements).toBe(3);
  });
});
