// Public API of @spyglass-recompute/schema. Named exports only: this list is the contract.

// ---- entities (each also exports its inferred type under the same name)
export { AnalysisNwbfile } from './common/AnalysisNwbfile';
export { Electrode } from './common/Electrode';
export { ElectrodeGroup } from './common/ElectrodeGroup';
export { IntervalList } from './common/IntervalList';
export type { ValidTimes } from './common/IntervalList';
export { LabTeam } from './common/LabTeam';
export { Nwbfile } from './common/Nwbfile';
export { Probe } from './common/Probe';
export { ProbeType } from './common/ProbeType';
export { Session } from './common/Session';
export { UserEnvironment } from './common/UserEnvironment';
export { JOB_STATUSES, RecomputeJob } from './jobs/RecomputeJob';
export type { JobStatus } from './jobs/RecomputeJob';
export { RecordingRecomputeHashV0, RecordingRecomputeNameV0, RecordingRecomputeV0 } from './v0/RecordingRecomputeV0';
export { RecordingRecomputeSelectionV0 } from './v0/RecordingRecomputeSelectionV0';
export { RecordingRecomputeVersionsV0 } from './v0/RecordingRecomputeVersionsV0';
export type { V0RecordingKey } from './v0/recordingKeyColumns';
export { SortGroupElectrodeV0, SortGroupV0 } from './v0/SortGroupV0';
export { SortIntervalV0 } from './v0/SortIntervalV0';
export { SpikeSortingPreprocessingParametersV0 } from './v0/SpikeSortingPreprocessingParametersV0';
export { SpikeSortingRecordingSelectionV0 } from './v0/SpikeSortingRecordingSelectionV0';
export { SpikeSortingRecordingV0 } from './v0/SpikeSortingRecordingV0';
export { RecordingRecomputeHashV1, RecordingRecomputeNameV1, RecordingRecomputeV1 } from './v1/RecordingRecomputeV1';
export { DEFAULT_ROUNDING, RecordingRecomputeSelectionV1 } from './v1/RecordingRecomputeSelectionV1';
export { RecordingRecomputeVersionsV1 } from './v1/RecordingRecomputeVersionsV1';
export { SortGroupElectrodeV1, SortGroupV1 } from './v1/SortGroupV1';
export { SpikeSortingPreprocessingParametersV1 } from './v1/SpikeSortingPreprocessingParametersV1';
export { SpikeSortingRecordingSelectionV1 } from './v1/SpikeSortingRecordingSelectionV1';
export { SpikeSortingRecordingV1 } from './v1/SpikeSortingRecordingV1';
export { allEntities, commonEntities, v0Entities, v1Entities } from './allEntities';

// ---- column types
export { DataJointBlobType } from './types/DataJointBlobType';
export type { BlobShape } from './types/DataJointBlobType';
export { JsonColumnType } from './types/JsonColumnType';
export { UuidType, bufferToUuid, isSqlitePlatform, normalizeUuid, uuidToBuffer } from './types/UuidType';

// ---- connection
export { createOrmConfig } from './connection/createOrmConfig';
export type { OrmConfigOptions } from './connection/createOrmConfig';
export { DB_SCHEMES } from './connection/DbUrl';
export type { DbScheme, DbUrl } from './connection/DbUrl';
export { DEFAULT_SQLITE_FILE, defaultDbUrl, sqliteUrl } from './connection/defaultDbUrl';
export { findPlainRows } from './connection/findPlainRows';
export type { FindPlainRowsOptions, PlainRow } from './connection/findPlainRows';
export { maskDbUrl } from './connection/maskDbUrl';
export { schemaErrors } from './schemaErrors';
export { openDatabase } from './connection/openDatabase';
export type { RecomputeEntityManager, RecomputeOrm } from './connection/openDatabase';
export { parseDbUrl } from './connection/parseDbUrl';
export { translateDbError, translateQueryError } from './connection/translateDbError';

// ---- migrations
// `migrationsList` (the classes) is not exported: it loads `@mikro-orm/migrations`; see loadMigrator.
export { MIGRATIONS_TABLE, migrationNames } from './migrations/migrationNames';
export { loadMigrator, migrateDatabase, migrationStatus, pendingMigrations } from './migrations/migrateDatabase';
export type { MigrateResult, MigrationStatus } from './migrations/migrateDatabase';

// ---- Spyglass layout (a lab's own DataJoint schemas)
export { inspectSpyglassDatabase, migrateSpyglassDatabase } from './spyglass-layout/inspectSpyglassDatabase';
export type {
  SpyglassDatabaseReport,
  SpyglassMigrateResult,
  SpyglassObjectState,
  SqlQuery,
} from './spyglass-layout/inspectSpyglassDatabase';
export { openSpyglassServer } from './spyglass-layout/openSpyglassServer';
export { refreshExternalChecksum } from './spyglass-layout/refreshExternalChecksum';
export type { ExternalChecksum } from './spyglass-layout/refreshExternalChecksum';
export type { SpyglassServer } from './spyglass-layout/openSpyglassServer';
export {
  SPYGLASS_DEFAULT_COLLATION,
  SPYGLASS_RECOMPUTE_COLUMNS,
  SPYGLASS_RECOMPUTE_TABLES,
  SPYGLASS_UPSTREAM_TABLES,
} from './spyglass-layout/spyglassRecomputeDdl';
export type { SpyglassRecomputeColumn, SpyglassRecomputeTable, SpyglassTableCollation } from './spyglass-layout/spyglassRecomputeDdl';

// ---- test support (for other packages' tests)
export { createTestDatabase } from './testing/createTestDatabase';
export type { CreateTestDatabaseOptions, TestDatabase } from './testing/createTestDatabase';
export {
  SPYGLASS_FIXTURE_BASE_DIR,
  layOutSpyglassFiles,
  loadSpyglassFixture,
  prefixSpyglassDump,
  spyglassFixtureDir,
  spyglassFixturePath,
} from './testing/loadSpyglassFixture';
export type { SpyglassFixture, SpyglassFixtureName } from './testing/loadSpyglassFixture';
export { DEFAULT_TEST_SERVER, TEST_BACKENDS, flowTestBackends, testBackends, testServerAddress } from './testing/testBackends';
export type { TestBackend } from './testing/testBackends';
export {
  SPYGLASS_ENTITY_MAPPING,
  SPYGLASS_UNMAPPED_ENTITIES,
  applySpyglassMapping,
  spyglassSchemaPrefixOf,
} from './spyglass-layout/spyglassEntityMapping';
export type { SpyglassLayoutOptions, SpyglassPropertyMapping, SpyglassTableMapping } from './spyglass-layout/spyglassEntityMapping';
export { DataJointEnumBoolType } from './types/DataJointEnumBoolType';
