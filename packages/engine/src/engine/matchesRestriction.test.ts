import { matchesRestriction } from './matchesRestriction';
import type { StoredArtefact } from './RecomputePipeline';

const artefact: StoredArtefact<{ nwb_file_name: string; sort_group_id: number }> = {
  key: { nwb_file_name: 'rat01_.nwb', sort_group_id: 3 },
  path: '/data/recording/rat01_3',
  relativePath: 'rat01_3',
  hash: null,
  attributes: { interval_list_name: 'raw data valid times', team_name: null, sort_group_id: 99 },
};

describe('matchesRestriction', () => {
  it('an empty restriction matches everything', () => {
    expect(matchesRestriction(artefact, {})).toBe(true);
  });

  it('compares key fields first, then attributes, as text (a number matches its digits)', () => {
    expect(matchesRestriction(artefact, { nwb_file_name: 'rat01_.nwb', sort_group_id: '3' })).toBe(true);
    expect(matchesRestriction(artefact, { sort_group_id: 99 })).toBe(false); // the key's 3, not the attribute's 99
    expect(matchesRestriction(artefact, { interval_list_name: 'raw data valid times' })).toBe(true);
    expect(matchesRestriction(artefact, { interval_list_name: 'other' })).toBe(false);
  });

  it('a list matches any of its values; every field must match', () => {
    expect(matchesRestriction(artefact, { sort_group_id: [1, 2, 3] })).toBe(true);
    expect(matchesRestriction(artefact, { sort_group_id: [1, 2] })).toBe(false);
    expect(matchesRestriction(artefact, { sort_group_id: [3], nwb_file_name: 'rat02_.nwb' })).toBe(false);
  });

  it('a field the recording does not have, or holds NULL, matches nothing', () => {
    expect(matchesRestriction(artefact, { unknown_field: 'x' })).toBe(false);
    expect(matchesRestriction(artefact, { unknown_field: 'undefined' })).toBe(false);
    expect(matchesRestriction(artefact, { team_name: 'null' })).toBe(false);
  });
});
