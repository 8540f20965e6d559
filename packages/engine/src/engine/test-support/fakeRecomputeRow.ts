import type { RecomputeRow } from '../RecomputeStore';
import type { FakeKey } from './FakePipeline';

/**
 * An attempt row of the fake pipeline's recording `name` in the fake world's environment
 * (`tester_default_00`) at the default rounding: matched, not deleted, unless `fields` say otherwise.
 */
export function fakeRecomputeRow(name: string, fields: Partial<RecomputeRow<FakeKey>> = {}): RecomputeRow<FakeKey> {
  return {
    recording: { name },
    envId: 'tester_default_00',
    params: { rounding: 4 },
    matched: true,
    errMsg: null,
    createdAt: null,
    deleted: false,
    ...fields,
  };
}
