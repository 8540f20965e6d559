import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { SPIKESORTING_FIXTURES } from '../folder/test-support/fixtureRecording';
import { readFolderVersions } from '../recompute/readFolderVersions';
import { detectV0WriterProfile, rankV0WriterProfiles } from './detectV0WriterProfile';

const MULTIVERSION = path.join(SPIKESORTING_FIXTURES, '..', 'multiversion');

describe('detectV0WriterProfile', () => {
  it.each([
    [path.join(SPIKESORTING_FIXTURES, 'short', 'v0', 'oracle_raw.nwb_sortint_1_default'), 'si-0.99'],
    [path.join(MULTIVERSION, 'short', 'v0_si0982', 'oracle_raw.nwb_sortint_0_default'), 'si-0.98'],
    [path.join(MULTIVERSION, 'short', 'v0_si0982', 'oracle_raw.nwb_sortint_1_default'), 'si-0.98'],
  ])('%s → %s', (folder, name) => {
    expect(detectV0WriterProfile(readFolderVersions(folder), folder).name).toBe(name);
  });

  it('spikeinterface 0.98.2 with probeinterface 0.2.24 matches no profile; the closest named is si-0.99 (same annotations, only version keys differ)', () => {
    let error: unknown;
    try {
      detectV0WriterProfile({ spikeinterface: '0.98.2', probeinterface: '0.2.24', probeAnnotations: [{}] }, '/f');
    } catch (caught) {
      error = caught;
    }
    expect(isRecomputeError(error) && { code: error.code, exitCode: error.exitCode, details: error.details }).toEqual({
      code: 'NO_MATCHING_WRITER_PROFILE',
      exitCode: 2,
      // probeinterface 0.2.24 is one si-0.99 also matches (Spyglass 0.5.4's pin): only spikeinterface differs.
      details: { path: '/f', closest: 'si-0.99', differences: ['spikeinterface 0.98.2 (profile writes 0.99.1)'] },
    });
  });

  it('the versions row alone (Spyglass columns) names the profile again', () => {
    expect(rankV0WriterProfiles({ spikeinterface: '0.98.2', probeinterface: '0.2.17' })).toEqual({
      profile: expect.objectContaining({ name: 'si-0.98' }),
      differences: [],
    });
    expect(rankV0WriterProfiles({ spikeinterface: '0.99.1', probeinterface: '' }).profile.name).toBe('si-0.99');
    // Spyglass 0.5.4's pins (spyglass-db-2024): the versions row names si-0.99 with no difference.
    expect(rankV0WriterProfiles({ spikeinterface: '0.99.1', probeinterface: '0.2.24' })).toEqual({
      profile: expect.objectContaining({ name: 'si-0.99' }),
      differences: [],
    });
    expect(rankV0WriterProfiles({ spikeinterface: '0.99.1', probeinterface: '0.2.25' }).differences).toEqual([
      'probeinterface 0.2.25 (profile writes 0.2.28)',
    ]);
  });
});
