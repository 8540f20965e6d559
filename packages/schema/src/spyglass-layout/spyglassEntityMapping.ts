import type { EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';
import { schemaErrors } from '../schemaErrors';
import { DataJointBlobType, type BlobShape } from '../types/DataJointBlobType';
import { DataJointEnumBoolType } from '../types/DataJointEnumBoolType';

/**
 * How one property of a shared entity maps onto a Spyglass column, when it does not map as is:
 * - `column`: the Spyglass column has another name;
 * - `blob`: a DataJoint blob holding that Python shape (our own layout keeps JSON);
 * - `enumBool`: DataJoint's `enum('True','False')` for a boolean;
 * - `filepath`: a `filepath@store` uuid into `~external_<store>`, read as the registered absolute
 *   path `<recorded store location>/<filepath>` (read only: the life cycle never inserts such rows);
 * - `derived`: no such column upstream; read as this SQL expression of the row (`{alias}`,
 *   `{prefix}` placeholders), never written;
 * - `absent`: no such column upstream and nothing to derive it from: reads as NULL, never written.
 */
export type SpyglassPropertyMapping =
  { column: string } | { blob: BlobShape } | { enumBool: true } | { filepath: 'raw' | 'analysis' } | { derived: string } | { absent: true };

/** Where one entity lives in a Spyglass database. */
export interface SpyglassTableMapping {
  /** DataJoint schema (MySQL database), without the lab's prefix. */
  schema: string;
  /** Table name with DataJoint's tier prefix (`#` lookup, `_` imported, `__` computed, `master__part`). */
  table: string;
  properties?: Readonly<Record<string, SpyglassPropertyMapping>>;
}

const HASH_PART_ABSENT = {
  old_hash: { absent: true },
  new_hash: { absent: true },
  hash_algorithm: { absent: true },
  max_abs_diff: { absent: true },
  max_rel_diff: { absent: true },
} as const;

/**
 * Every shared entity → its Spyglass table (DataJoint 0.14 declarations of Spyglass's modules, as
 * in `shared/fixtures/spyglass-db/short.sql`). `RecomputeJob` is ours only and has no mapping:
 * `run --workers` is not offered in the Spyglass layout.
 */
export const SPYGLASS_ENTITY_MAPPING: Readonly<Record<string, SpyglassTableMapping>> = {
  Nwbfile: { schema: 'common_nwbfile', table: 'nwbfile', properties: { nwb_file_abs_path: { filepath: 'raw' } } },
  AnalysisNwbfile: {
    schema: 'common_nwbfile',
    table: 'analysis_nwbfile',
    properties: { analysis_parent_nwb_file_name: { column: 'nwb_file_name' }, analysis_file_abs_path: { filepath: 'analysis' } },
  },
  Session: { schema: 'common_session', table: '_session' },
  IntervalList: { schema: 'common_interval', table: 'interval_list', properties: { valid_times: { blob: 'float64-array' } } },
  LabTeam: { schema: 'common_lab', table: 'lab_team' },
  ProbeType: { schema: 'common_device', table: 'probe_type' },
  Probe: {
    schema: 'common_device',
    table: 'probe',
    properties: {
      // Spyglass keeps these on the probe's type.
      probe_description: {
        derived: '(SELECT t.`probe_description` FROM `{prefix}common_device`.`probe_type` t WHERE t.`probe_type` = {alias}.`probe_type`)',
      },
      num_shanks: {
        derived: '(SELECT t.`num_shanks` FROM `{prefix}common_device`.`probe_type` t WHERE t.`probe_type` = {alias}.`probe_type`)',
      },
      contact_side_numbering: { enumBool: true },
    },
  },
  ElectrodeGroup: { schema: 'common_ephys', table: '_electrode_group' },
  Electrode: {
    schema: 'common_ephys',
    table: '_electrode',
    properties: {
      // Spyglass names the brain region by `region_id` (→ `BrainRegion`).
      location: {
        derived:
          "COALESCE((SELECT r.`region_name` FROM `{prefix}common_region`.`#brain_region` r WHERE r.`region_id` = {alias}.`region_id`), '')",
      },
      bad_channel: { enumBool: true },
    },
  },
  UserEnvironment: {
    schema: 'common_user',
    table: 'user_environment',
    properties: { env: { blob: 'python' }, hash_algorithm: { derived: "'md5'" } },
  },

  SortGroupV0: { schema: 'spikesorting_recording', table: 'sort_group' },
  SortGroupElectrodeV0: { schema: 'spikesorting_recording', table: 'sort_group__sort_group_electrode' },
  SortIntervalV0: { schema: 'spikesorting_recording', table: 'sort_interval', properties: { sort_interval: { blob: 'float64-array' } } },
  SpikeSortingPreprocessingParametersV0: {
    schema: 'spikesorting_recording',
    table: 'spike_sorting_preprocessing_parameters',
    properties: { preproc_params: { blob: 'python' } },
  },
  SpikeSortingRecordingSelectionV0: { schema: 'spikesorting_recording', table: 'spike_sorting_recording_selection' },
  SpikeSortingRecordingV0: {
    schema: 'spikesorting_recording',
    table: '__spike_sorting_recording',
    properties: { hash_algorithm: { absent: true } },
  },
  RecordingRecomputeVersionsV0: { schema: 'spikesorting_recompute_v0', table: '__recording_recompute_versions' },
  RecordingRecomputeSelectionV0: { schema: 'spikesorting_recompute_v0', table: 'recording_recompute_selection' },
  RecordingRecomputeV0: { schema: 'spikesorting_recompute_v0', table: '__recording_recompute' },
  RecordingRecomputeNameV0: { schema: 'spikesorting_recompute_v0', table: '__recording_recompute__name' },
  RecordingRecomputeHashV0: { schema: 'spikesorting_recompute_v0', table: '__recording_recompute__hash', properties: HASH_PART_ABSENT },

  SortGroupV1: { schema: 'spikesorting_v1_recording', table: 'sort_group' },
  SortGroupElectrodeV1: { schema: 'spikesorting_v1_recording', table: 'sort_group__sort_group_electrode' },
  SpikeSortingPreprocessingParametersV1: {
    schema: 'spikesorting_v1_recording',
    table: '#spike_sorting_preprocessing_parameters',
    properties: { preproc_params: { blob: 'python' } },
  },
  SpikeSortingRecordingSelectionV1: { schema: 'spikesorting_v1_recording', table: 'spike_sorting_recording_selection' },
  SpikeSortingRecordingV1: {
    schema: 'spikesorting_v1_recording',
    table: '__spike_sorting_recording',
    properties: { hash_algorithm: { absent: true } },
  },
  RecordingRecomputeVersionsV1: {
    schema: 'spikesorting_v1_recompute',
    table: '__recording_recompute_versions',
    properties: { nwb_deps: { blob: 'python' } },
  },
  RecordingRecomputeSelectionV1: { schema: 'spikesorting_v1_recompute', table: 'recording_recompute_selection' },
  RecordingRecomputeV1: { schema: 'spikesorting_v1_recompute', table: '__recording_recompute' },
  RecordingRecomputeNameV1: { schema: 'spikesorting_v1_recompute', table: '__recording_recompute__name' },
  RecordingRecomputeHashV1: { schema: 'spikesorting_v1_recompute', table: '__recording_recompute__hash', properties: HASH_PART_ABSENT },
};

/** Entities of the own layout that have no Spyglass table. */
export const SPYGLASS_UNMAPPED_ENTITIES: readonly string[] = ['RecomputeJob'];

/** What {@link applySpyglassMapping} needs: the schema prefix and the DataJoint store roots. */
export interface SpyglassLayoutOptions {
  /** DataJoint's `database.prefix` of the lab's schemas ('' when none). */
  schemaPrefix: string;
  /** Where this machine reads each store: `raw` = `SPYGLASS_RAW_DIR`, `analysis` = `SPYGLASS_ANALYSIS_DIR`. */
  storeRoots: { raw: string; analysis: string };
  /**
   * The store locations DataJoint recorded (`dj.config['stores'][store]['location']` of the
   * installation that wrote the rows), when they differ from `storeRoots` (e.g. cluster nodes that
   * mount the store elsewhere). A `filepath@store` column reads as `<recorded location>/<filepath>`:
   * the *registered* path (what Spyglass wrote into provenance), never a path to act on; code that
   * reads, writes or deletes files goes through `storeRoots`. Absent = `storeRoots`.
   */
  storeLocations?: Partial<Record<'raw' | 'analysis', string>>;
}

function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function fillTemplate(template: string, alias: string, prefix: string): string {
  return template.replaceAll('{alias}', alias).replaceAll('{prefix}', prefix);
}

function readOnlyExpression(prop: EntityProperty, expression: (alias: string) => string): void {
  prop.formula = (table) => expression(table.alias);
  prop.persist = false;
  prop.nullable = true;
  delete prop.onCreate;
  delete prop.default;
}

/**
 * MikroORM `discovery.onMetadata` hook: maps one shared entity definition onto its Spyglass
 * table — schema (with the prefix), DataJoint table name, per-property column names and types.
 * Runs on the per-ORM copy of the metadata, so an own-layout ORM in the same process is not
 * affected.
 *
 * @throws RecomputeError `SPYGLASS_MAPPING_MISSING` for an entity with no mapping (a new entity
 *   must be added to {@link SPYGLASS_ENTITY_MAPPING} or {@link SPYGLASS_UNMAPPED_ENTITIES}).
 */
export function applySpyglassMapping(meta: EntityMetadata, _platform: Platform, options: SpyglassLayoutOptions): void {
  const prefix = options.schemaPrefix;
  const mapping = SPYGLASS_ENTITY_MAPPING[meta.className];
  if (!mapping) {
    if (SPYGLASS_UNMAPPED_ENTITIES.includes(meta.className)) {
      // Kept in the metadata (code refers to it) but pointed at a schema that is never created.
      meta.schema = `${prefix}recompute_not_in_spyglass_layout`;
      return;
    }
    throw schemaErrors.spyglassMappingMissing(meta.className);
  }
  meta.schema = `${prefix}${mapping.schema}`;
  meta.tableName = mapping.table;
  meta.collection = mapping.table;
  for (const [name, how] of Object.entries(mapping.properties ?? {})) {
    const prop = meta.properties[name as keyof typeof meta.properties] as EntityProperty | undefined;
    if (!prop) throw schemaErrors.spyglassMappingMissing(meta.className, name);
    if ('column' in how) {
      prop.fieldNames = [how.column];
      // Navigation relations over this column join on the Spyglass name too.
      for (const relation of Object.values(meta.properties) as EntityProperty[]) {
        if (relation.joinColumns) relation.joinColumns = relation.joinColumns.map((column) => (column === name ? how.column : column));
        if (relation.fieldNames && relation !== prop)
          relation.fieldNames = relation.fieldNames.map((column) => (column === name ? how.column : column));
      }
    } else if ('blob' in how) {
      prop.type = new DataJointBlobType(how.blob) as unknown as string;
      delete prop.customType;
      prop.columnTypes = ['longblob'];
    } else if ('enumBool' in how) {
      prop.type = new DataJointEnumBoolType() as unknown as string;
      delete prop.customType;
      prop.columnTypes = ["enum('True','False')"];
      // The result mapper casts `runtimeType: 'boolean'` with `!!`, which makes 'False' true.
      prop.runtimeType = 'string';
    } else if ('filepath' in how) {
      const store = how.filepath;
      const root = (options.storeLocations?.[store] ?? options.storeRoots[store]).replace(/\/+$/, '');
      const column = name;
      readOnlyExpression(
        prop,
        (alias) =>
          `(SELECT CONCAT(${sqlString(`${root}/`)}, e.\`filepath\`) FROM \`${prefix}common_nwbfile\`.\`~external_${store}\` e WHERE e.\`hash\` = ${alias}.\`${column}\`)`,
      );
    } else if ('derived' in how) {
      const template = how.derived;
      readOnlyExpression(prop, (alias) => fillTemplate(template, alias, prefix));
    } else {
      readOnlyExpression(prop, () => 'NULL');
    }
  }
}

/**
 * The schema prefix when `em`'s ORM was opened with the Spyglass layout, else null (the own
 * layout). Read from the mapped metadata, so callers need no extra configuration.
 */
export function spyglassSchemaPrefixOf(em: { getMetadata(): { find(name: string): EntityMetadata | undefined } }): string | null {
  const meta = em.getMetadata().find('AnalysisNwbfile');
  const schema = SPYGLASS_ENTITY_MAPPING.AnalysisNwbfile!.schema;
  if (!meta || meta.tableName !== SPYGLASS_ENTITY_MAPPING.AnalysisNwbfile!.table || !meta.schema?.endsWith(schema)) return null;
  return meta.schema.slice(0, meta.schema.length - schema.length);
}
