import type { EntityName } from '@mikro-orm/core';
import {
  AnalysisNwbfile,
  Electrode,
  ElectrodeGroup,
  IntervalList,
  LabTeam,
  Nwbfile,
  Probe,
  ProbeType,
  RecomputeJob,
  RecordingRecomputeHashV0,
  RecordingRecomputeHashV1,
  RecordingRecomputeNameV0,
  RecordingRecomputeNameV1,
  RecordingRecomputeSelectionV0,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV0,
  RecordingRecomputeV1,
  RecordingRecomputeVersionsV0,
  RecordingRecomputeVersionsV1,
  Session,
  SortGroupElectrodeV0,
  SortGroupElectrodeV1,
  SortGroupV0,
  SortGroupV1,
  SortIntervalV0,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingSelectionV0,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV0,
  SpikeSortingRecordingV1,
  UserEnvironment,
} from '../index';

/** Whole seconds: MySQL `datetime` drops milliseconds. */
export const T0 = new Date('2026-01-02T03:04:05.000Z');

export const NWB = 'mouse20260102_.nwb';
export const ENV = 'alice_recompute_01';
/** Mixed case on purpose: keys are normalised to lower case. */
export const RID = '5F0C6A2E-1B7D-4C3E-9A8B-0123456789AB';
export const RID_LOWER = RID.toLowerCase();
export const RID2 = '0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9';

export const v0Key = {
  nwb_file_name: NWB,
  sort_group_id: 0,
  sort_interval_name: 'raw data valid times',
  preproc_params_name: 'default',
  team_name: 'LorenLab',
};
export const v0Attempt = { ...v0Key, env_id: ENV };
export const v1Attempt = { recording_id: RID_LOWER, env_id: ENV, rounding: 4 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntityName = EntityName<any>;

/** One row per entity, parents before children, with every column set. */
export function sampleRows(): Array<[AnyEntityName, Record<string, unknown>]> {
  return [
    [Nwbfile, { nwb_file_name: NWB, nwb_file_abs_path: `/data/raw/${NWB}` }],
    [
      AnalysisNwbfile,
      {
        analysis_file_name: 'mouse20260102_ABCDEF1234.nwb',
        analysis_file_abs_path: '/data/analysis/mouse20260102/mouse20260102_ABCDEF1234.nwb',
        analysis_parent_nwb_file_name: NWB,
        analysis_file_description: 'preprocessed recording',
      },
    ],
    [Session, { nwb_file_name: NWB, session_id: 's1', session_description: 'linear track', session_start_time: T0 }],
    [
      IntervalList,
      {
        nwb_file_name: NWB,
        interval_list_name: 'raw data valid times',
        valid_times: [
          [0, 10.5],
          [12, 30.25],
        ],
        pipeline: 'ingest',
      },
    ],
    [IntervalList, { nwb_file_name: NWB, interval_list_name: 'sort interval 0', valid_times: [[1, 2]], pipeline: '' }],
    [LabTeam, { team_name: 'LorenLab', team_description: 'the lab' }],
    [ProbeType, { probe_type: 'tetrode_12.5', probe_description: 'four wires', manufacturer: 'self', num_shanks: 1 }],
    [
      Probe,
      {
        probe_id: 'tetrode_12.5',
        probe_type: 'tetrode_12.5',
        probe_description: 'a tetrode',
        num_shanks: 1,
        contact_side_numbering: false,
      },
    ],
    [
      ElectrodeGroup,
      { nwb_file_name: NWB, electrode_group_name: '0', probe_id: 'tetrode_12.5', description: 'tetrode 0', target_hemisphere: 'Left' },
    ],
    [
      Electrode,
      {
        nwb_file_name: NWB,
        electrode_group_name: '0',
        electrode_id: 0,
        probe_id: 'tetrode_12.5',
        probe_shank: 0,
        probe_electrode: 0,
        location: 'CA1',
        x: 1.5,
        y: -2.25,
        z: 0.125,
        filtering: '300-6000 Hz',
        impedance: 1.0e6,
        bad_channel: false,
        original_reference_electrode: -1,
      },
    ],
    [
      Electrode,
      {
        nwb_file_name: NWB,
        electrode_group_name: '0',
        electrode_id: 1,
        probe_id: null,
        probe_shank: null,
        probe_electrode: null,
        location: '',
        x: null,
        y: null,
        z: null,
        filtering: '',
        impedance: null,
        bad_channel: true,
        original_reference_electrode: 0,
      },
    ],
    [
      UserEnvironment,
      {
        env_id: ENV,
        env_hash: '0123456789abcdef0123456789abcdef',
        hash_algorithm: 'md5',
        env: { node: '20.20.2', packages: { h5wasm: '0.10.3' } },
        timestamp: T0,
        has_editable: true,
      },
    ],
    // ---- v0
    [SortGroupV0, { nwb_file_name: NWB, sort_group_id: 0, sort_reference_electrode_id: -2 }],
    [SortGroupElectrodeV0, { nwb_file_name: NWB, sort_group_id: 0, electrode_group_name: '0', electrode_id: 0 }],
    [SortGroupElectrodeV0, { nwb_file_name: NWB, sort_group_id: 0, electrode_group_name: '0', electrode_id: 1 }],
    [SortIntervalV0, { nwb_file_name: NWB, sort_interval_name: 'raw data valid times', sort_interval: [0, 10.5] }],
    [
      SpikeSortingPreprocessingParametersV0,
      { preproc_params_name: 'default', preproc_params: { frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0 } },
    ],
    [SpikeSortingRecordingSelectionV0, { ...v0Key, interval_list_name: 'raw data valid times' }],
    [
      SpikeSortingRecordingV0,
      {
        ...v0Key,
        recording_path: '/data/recording/mouse20260102_.nwb_raw data valid times_0_default',
        sort_interval_list_name: 'mouse20260102_.nwb_raw data valid times_0_default',
        hash: 'fedcba9876543210fedcba9876543210',
        hash_algorithm: 'spyglass-dir',
      },
    ],
    [RecordingRecomputeVersionsV0, { ...v0Key, spikeinterface: '0.99.1', probeinterface: '0.2.21' }],
    [RecordingRecomputeSelectionV0, { ...v0Attempt, logged_at_creation: true, xfail_reason: null }],
    [RecordingRecomputeV0, { ...v0Attempt, matched: false, err_msg: 'traces differ', created_at: T0, deleted: false }],
    [RecordingRecomputeNameV0, { ...v0Attempt, name: 'probe.json', missing_from: 'new' }],
    [
      RecordingRecomputeHashV0,
      {
        ...v0Attempt,
        name: 'traces_cached_seg0.raw',
        old_hash: 'a'.repeat(32),
        new_hash: 'b'.repeat(32),
        hash_algorithm: 'md5',
        max_abs_diff: 2,
        max_rel_diff: 0.5,
      },
    ],
    // ---- v1
    [SortGroupV1, { nwb_file_name: NWB, sort_group_id: 0, sort_reference_electrode_id: 1 }],
    [SortGroupElectrodeV1, { nwb_file_name: NWB, sort_group_id: 0, electrode_group_name: '0', electrode_id: 0 }],
    [
      SpikeSortingPreprocessingParametersV1,
      {
        preproc_param_name: 'default',
        preproc_params: { frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0, min_segment_length: 1 },
      },
    ],
    [
      SpikeSortingRecordingSelectionV1,
      {
        recording_id: RID_LOWER,
        nwb_file_name: NWB,
        sort_group_id: 0,
        interval_list_name: 'raw data valid times',
        preproc_param_name: 'default',
        team_name: 'LorenLab',
      },
    ],
    [
      SpikeSortingRecordingV1,
      {
        recording_id: RID_LOWER,
        analysis_file_name: 'mouse20260102_ABCDEF1234.nwb',
        object_id: 'd0a1b2c3-0000-4000-8000-000000000001',
        electrodes_id: 'd0a1b2c3-0000-4000-8000-000000000002',
        hash: '00112233445566778899aabbccddeeff',
        hash_algorithm: 'spyglass-nwb',
      },
    ],
    [RecordingRecomputeVersionsV1, { recording_id: RID_LOWER, nwb_deps: { core: '2.7.0', 'hdmf-common': '1.8.0', generator: '0.1.0' } }],
    [RecordingRecomputeSelectionV1, { ...v1Attempt, logged_at_creation: false, xfail_reason: 'known float drift' }],
    [RecordingRecomputeV1, { ...v1Attempt, matched: true, err_msg: null, created_at: T0, deleted: true }],
    [RecordingRecomputeNameV1, { ...v1Attempt, name: 'acquisition/ProcessedElectricalSeries', missing_from: 'old' }],
    [
      RecordingRecomputeHashV1,
      {
        ...v1Attempt,
        name: 'processing/ecephys/data',
        old_hash: 'c'.repeat(32),
        new_hash: null,
        hash_algorithm: 'spyglass-nwb',
        max_abs_diff: null,
        max_rel_diff: 1e-9,
      },
    ],
    [
      RecomputeJob,
      {
        table_name: 'spikesorting_v1__recording_recompute',
        key_hash: 'ffeeddccbbaa99887766554433221100',
        status: 'error',
        key: { recording_id: RID_LOWER, env_id: ENV, rounding: 4 },
        error_message: 'boom',
        error_stack: 'Error: boom\n    at x',
        user: 'alice',
        host: 'node-1',
        pid: 4242,
        connection_id: 17,
        timestamp: T0,
        lease_expires_at: new Date('2026-01-02T04:04:05.000Z'),
      },
    ],
  ];
}
