import { AnalysisNwbfile } from './common/AnalysisNwbfile';
import { Electrode } from './common/Electrode';
import { ElectrodeGroup } from './common/ElectrodeGroup';
import { IntervalList } from './common/IntervalList';
import { LabTeam } from './common/LabTeam';
import { Nwbfile } from './common/Nwbfile';
import { Probe } from './common/Probe';
import { ProbeType } from './common/ProbeType';
import { Session } from './common/Session';
import { UserEnvironment } from './common/UserEnvironment';
import { RecomputeJob } from './jobs/RecomputeJob';
import { RecordingRecomputeHashV0, RecordingRecomputeNameV0, RecordingRecomputeV0 } from './v0/RecordingRecomputeV0';
import { RecordingRecomputeSelectionV0 } from './v0/RecordingRecomputeSelectionV0';
import { RecordingRecomputeVersionsV0 } from './v0/RecordingRecomputeVersionsV0';
import { SortGroupElectrodeV0, SortGroupV0 } from './v0/SortGroupV0';
import { SortIntervalV0 } from './v0/SortIntervalV0';
import { SpikeSortingPreprocessingParametersV0 } from './v0/SpikeSortingPreprocessingParametersV0';
import { SpikeSortingRecordingSelectionV0 } from './v0/SpikeSortingRecordingSelectionV0';
import { SpikeSortingRecordingV0 } from './v0/SpikeSortingRecordingV0';
import { RecordingRecomputeHashV1, RecordingRecomputeNameV1, RecordingRecomputeV1 } from './v1/RecordingRecomputeV1';
import { RecordingRecomputeSelectionV1 } from './v1/RecordingRecomputeSelectionV1';
import { RecordingRecomputeVersionsV1 } from './v1/RecordingRecomputeVersionsV1';
import { SortGroupElectrodeV1, SortGroupV1 } from './v1/SortGroupV1';
import { SpikeSortingPreprocessingParametersV1 } from './v1/SpikeSortingPreprocessingParametersV1';
import { SpikeSortingRecordingSelectionV1 } from './v1/SpikeSortingRecordingSelectionV1';
import { SpikeSortingRecordingV1 } from './v1/SpikeSortingRecordingV1';

/** Spyglass `common_*` tables (plus `UserEnvironment`), parents before children. */
export const commonEntities = [
  Nwbfile,
  AnalysisNwbfile,
  Session,
  IntervalList,
  LabTeam,
  ProbeType,
  Probe,
  ElectrodeGroup,
  Electrode,
  UserEnvironment,
] as const;

/** Spyglass v0 recording + recompute tables, parents before children. */
export const v0Entities = [
  SortGroupV0,
  SortGroupElectrodeV0,
  SortIntervalV0,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingRecordingSelectionV0,
  SpikeSortingRecordingV0,
  RecordingRecomputeVersionsV0,
  RecordingRecomputeSelectionV0,
  RecordingRecomputeV0,
  RecordingRecomputeNameV0,
  RecordingRecomputeHashV0,
] as const;

/** Spyglass v1 recording + recompute tables, parents before children. */
export const v1Entities = [
  SortGroupV1,
  SortGroupElectrodeV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  RecordingRecomputeVersionsV1,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV1,
  RecordingRecomputeNameV1,
  RecordingRecomputeHashV1,
] as const;

/** Every entity, parents before children (the order rows can be inserted in). */
export const allEntities = [...commonEntities, ...v0Entities, ...v1Entities, RecomputeJob] as const;
