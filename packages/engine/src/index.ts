// @spyglass-recompute/engine: the recompute engine on MikroORM (engine, reserve-jobs, environment
// capture and registration, the uniform recompute-module face). The database-free NWB/HDF5 work
// (hashing, h5, Python formatting, wasm, path rules, data roots) is @spyglass-recompute/nwb.
// Test fakes live under src/**/test-support and are not exported.

// ---- environment capture (UserEnvironment)
export { canonicalJson } from './environment/canonicalJson';
export { captureEnvironment } from './environment/captureEnvironment';
export type { CaptureEnvironmentOptions } from './environment/captureEnvironment';
export { diffEnvironments } from './environment/diffEnvironments';
export type { DiffEnvironmentsOptions, EnvironmentDiff, PackageDifference } from './environment/diffEnvironments';
export { environmentHash } from './environment/environmentHash';
export type { EnvironmentRecord, EnvironmentSnapshot, RuntimeInfo } from './environment/EnvironmentSnapshot';
export type { EnvironmentStore } from './environment/EnvironmentStore';
export { InMemoryEnvironmentStore } from './environment/InMemoryEnvironmentStore';
export { nextEnvironmentId } from './environment/nextEnvironmentId';
export { registerEnvironment, requireEnvironment } from './environment/registerEnvironment';
export type { RegisterEnvironmentOptions, RegisteredEnvironment } from './environment/registerEnvironment';
export { registerEnvironmentAs } from './environment/registerEnvironmentAs';
export { environmentManifest } from './environment/environmentManifest';
export type { EnvironmentManifest, EnvironmentManifestOptions } from './environment/environmentManifest';

// ---- recompute engine
export type {
  ArtefactDigest,
  ArtefactVersions,
  AttemptParams,
  KeyValue,
  ObjectComparison,
  RecomputePipeline,
  RecordingKey,
  RegenerateContext,
  Restriction,
  StoredArtefact,
} from './engine/RecomputePipeline';
export type {
  AttemptFilter,
  AttemptKey,
  HashPartRow,
  NamePartRow,
  RecomputeRow,
  RecomputeStore,
  SelectionRow,
} from './engine/RecomputeStore';
export { RecomputeEngine, xfailReasonCode } from './engine/RecomputeEngine';
export type {
  AttemptDiff,
  AttemptOptions,
  AttemptOutcome,
  AttemptResult,
  EngineEnvironment,
  PopulateOptions,
  PopulateResult,
  PopulateVersionsResult,
  RecomputeEngineOptions,
  RecomputeStatus,
} from './engine/RecomputeEngine';
export { RECORDING_STATES, attemptState, defaultKeyText, describeRecording, listRecordings, recordingState } from './engine/listRecordings';
export type {
  AttemptState,
  ListRecordingsOptions,
  RecordingAttempt,
  RecordingDescription,
  RecordingListEntry,
  RecordingListPage,
  RecordingState,
} from './engine/listRecordings';
export { ArtefactRegenerator } from './engine/ArtefactRegenerator';
export type { ArtefactRegeneratorOptions, EnsureArtefactOptions, EnsuredArtefact } from './engine/ArtefactRegenerator';
export type { DeleteFilesOptions, DeleteFilesResult, DeletionEntry } from './engine/deleteMatchedFiles';
export type { CleanupOptions, CleanupResult } from './engine/cleanupDataRoots';
export type { ResidueEntry, UntrackedEntry } from './engine/crashResidue';
export type { CrashPoint } from './engine/artefactFiles';
export { InMemoryRecomputeStore } from './engine/InMemoryRecomputeStore';
export type { AttemptSelector } from './engine/attemptSelector';
export { isEmptySelector, selectsAttempt } from './engine/attemptSelector';
export type { AttemptDeletionEntry, DeleteAttemptsOptions, DeleteAttemptsResult } from './engine/deleteAttempts';
export type { SecondaryChange, UpdateSecondaryResult } from './engine/updateSecondary';
export { assertDataRootsWritable, assertInsideDataRoots } from './engine/dataRoots';
export { pathExists, pathSize, removeAtomically, sweepTemporaries } from './engine/artefactFiles';
export { engineErrors } from './engine/engineErrors';
export { attemptId, keyId } from './engine/keyId';
export { matchesRestriction } from './engine/matchesRestriction';

// ---- distributed populate (reserve-jobs)
export { dataJointKeyHash } from './jobs/dataJointKeyHash';
export { InMemoryJobStore } from './jobs/InMemoryJobStore';
export { JobLease, JobReserver } from './jobs/JobReserver';
export type { JobReserverOptions } from './jobs/JobReserver';
export type { JobOwner, JobRow, JobStatus as JobRowStatus, JobStore } from './jobs/JobStore';
export { DataJointJobStore } from './jobs/DataJointJobStore';
export type { DataJointJobStoreOptions, JobsSqlQuery } from './jobs/DataJointJobStore';
export { createDataJointJobs } from './jobs/createDataJointJobs';
export type { CreateDataJointJobsOptions } from './jobs/createDataJointJobs';
export { dataJointErrorMessage, dataJointJobsDdl } from './jobs/dataJointJobsDdl';
export { summariseJobs } from './jobs/summariseJobs';
export type { HostJobs, JobsSummary } from './jobs/summariseJobs';

// ---- database-backed stores
export { MikroOrmEnvironmentStore } from './environment/MikroOrmEnvironmentStore';
export { MikroOrmRecomputeStore } from './engine/MikroOrmRecomputeStore';
export type { RecomputeEntities, RecomputeTableDescriptors } from './engine/MikroOrmRecomputeStore';
export { MikroOrmJobStore } from './jobs/MikroOrmJobStore';

// ---- the uniform pipeline-package face used by front ends (CLI)
export type {
  FilterFieldType,
  PipelineContext,
  RecomputeModule,
  RecomputeModuleContext,
  UpdateIdsHelp,
  UpdateIdsOptions,
  UpdateIdsReport,
} from './recompute-module/RecomputeModule';
export { resolveCurrentEnvironment } from './environment/resolveCurrentEnvironment';
export type { CurrentEnvironment } from './environment/resolveCurrentEnvironment';
export { environmentOwner, GENERATOR_PACKAGES, generatorPackageDirs } from './environment/generatorEnvironment';
export { createPipelineEngine } from './recompute-module/createPipelineEngine';
export type { PipelineEngineParts } from './recompute-module/createPipelineEngine';
export { deferredPipeline } from './recompute-module/deferredPipeline';
export { pipelineModuleSteps } from './recompute-module/pipelineModuleSteps';
export type { IdsBackfillReport, PipelineModuleParts } from './recompute-module/pipelineModuleSteps';
export type { PipelineFacts } from './recompute-module/deferredPipeline';
