import path from 'node:path';
import { externalFilepathHash, resolveExternalFilepath } from './externalStore';

const stores = { raw: '/data/spyglass/raw', analysis: '/data/spyglass/analysis' };

describe('filepath@store resolution', () => {
  it('puts a ~external_<store> filepath under the store location', () => {
    expect(resolveExternalFilepath(stores, 'analysis', 'oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb')).toBe(
      path.resolve('/data/spyglass/analysis/oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb'),
    );
    // The dump's AnalysisNwbfile.analysis_file_abs_path value for that file.
    expect(externalFilepathHash('oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb')).toBe('02988cf7-534c-dd63-0e94-35ec3640fc7a');
  });

  it('refuses unknown stores and paths that leave the store', () => {
    expect(() => resolveExternalFilepath(stores, 'video', 'a.mp4')).toThrow(expect.objectContaining({ code: 'EXTERNAL_STORE_UNKNOWN' }));
    for (const filepath of ['../raw/oracle_raw.nwb', '/etc/passwd', '']) {
      expect(() => resolveExternalFilepath(stores, 'analysis', filepath)).toThrow(
        expect.objectContaining({ code: 'EXTERNAL_PATH_INVALID' }),
      );
    }
  });
});
