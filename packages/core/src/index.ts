export { loadH5wasm, withH5File } from './h5/h5wasm';
export { raiseWasmTieringBudget, WASM_TIERING_BUDGET } from './runtime/wasmTiering';
export type { V8FlagTarget } from './runtime/wasmTiering';
export type { H5File, H5Wasm } from './h5/h5wasm';
export { pythonFloatRepr, pythonFloat32Repr, pythonFloat16Repr, roundToFloat16 } from './python-format/pythonFloatRepr';
export { PyFloat, pyFloat } from './python-format/PyFloat';
export type { PyJsonValue, PyJsonObject } from './python-format/PyFloat';
export { parsePythonJson } from './python-format/parsePythonJson';
export type { ParsePythonJsonOptions } from './python-format/parsePythonJson';
export { dumpPythonJson, pythonJsonString, compareCodePoints } from './python-format/dumpPythonJson';
export { encodeNpyHeader, pythonShapeTupleRepr } from './python-format/npyHeader';
export type { DumpPythonJsonOptions } from './python-format/dumpPythonJson';

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
export { assertSafePathComponent, MAX_PATH_COMPONENT_BYTES, pathComponentProblem, unsafeNameError } from './paths/safePathComponent';
export type { NameSource, UnsafeNameProblem } from './paths/safePathComponent';
export { artefactPath, assertStrictlyInsideRoot, isSameOrInside, isStrictlyInside } from './paths/artefactPath';
export type { PathPart } from './paths/artefactPath';
export { hostId, ownerIsDead, parseTemporaryName, processIsAlive, temporarySibling } from './paths/temporaryNames';
export type { ParsedTemporaryName, TemporaryOwner, TemporaryTag } from './paths/temporaryNames';
export { engineErrors } from './engine/engineErrors';
export { attemptId, keyId } from './engine/keyId';
export { matchesRestriction } from './engine/matchesRestriction';
export { FakePipeline } from './engine/testing/FakePipeline';
export type { FakeBehaviour, FakeKey, FakePipelineOptions } from './engine/testing/FakePipeline';

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

// ---- hashing (also its own entry point, @spyglass-recompute/core/hashing)
export * from './hashing/index';
export { openPlainDataset, type OpenPlainDataset } from './h5/layout/openPlainDataset';
export { PlainRowReader } from './h5/layout/rowBlocks';
export type { PlainDataset } from './h5/layout/locatePlainDatasets';

// ---- database-backed stores
export { MikroOrmEnvironmentStore } from './environment/MikroOrmEnvironmentStore';
export { MikroOrmRecomputeStore } from './engine/MikroOrmRecomputeStore';
export type { RecomputeEntities, RecomputeTableDescriptors } from './engine/MikroOrmRecomputeStore';
export { MikroOrmJobStore } from './jobs/MikroOrmJobStore';

// ---- the uniform pipeline-package face used by front ends (CLI); data roots are also the
// @spyglass-recompute/core/data-roots entry point
export { DATA_ROOT_SETTINGS, dataRootList, dataRootsUnder, namedDataRoots } from './recompute-module/DataRoots';
export type { DataRoots, NamedDataRoot } from './recompute-module/DataRoots';
export type { FilterFieldType, RecomputeModule, RecomputeModuleContext } from './recompute-module/RecomputeModule';
export { resolveCurrentEnvironment } from './environment/resolveCurrentEnvironment';
export type { CurrentEnvironment } from './environment/resolveCurrentEnvironment';
export { createPipelineEngine } from './recompute-module/createPipelineEngine';
export type { PipelineEngineParts } from './recompute-module/createPipelineEngine';
