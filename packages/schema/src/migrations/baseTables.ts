import { foreignKey, type TableDefinition } from './tableKit';

/*
 * The layout before the recompute feature: Spyglass's common tables and the v0/v1 recording
 * tables as they were (no `hash`, no `electrodes_id`). Frozen: later changes go in new
 * migrations. Table names: `{schema}__{table}` (see the package README).
 */

const V0_KEY = ['nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name'];

export const baseTables: readonly TableDefinition[] = [
  {
    name: 'common__nwbfile',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable().primary();
      t.string('nwb_file_abs_path', 1000).notNullable();
    },
  },
  {
    name: 'common__analysis_nwbfile',
    build: (t) => {
      t.string('analysis_file_name', 64).notNullable().primary();
      t.string('analysis_file_abs_path', 1000).notNullable();
      t.string('analysis_parent_nwb_file_name', 64).notNullable();
      t.string('analysis_file_description', 2000).notNullable().defaultTo('');
      foreignKey(t, 'common__analysis_nwbfile', 1, ['analysis_parent_nwb_file_name'], 'common__nwbfile', ['nwb_file_name']);
    },
  },
  {
    name: 'common__session',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable().primary();
      t.string('session_id', 200).nullable();
      t.string('session_description', 2000).notNullable().defaultTo('');
      t.datetime('session_start_time').nullable();
      foreignKey(t, 'common__session', 1, ['nwb_file_name'], 'common__nwbfile');
    },
  },
  {
    name: 'common__interval_list',
    build: (t, kit) => {
      t.string('nwb_file_name', 64).notNullable();
      t.string('interval_list_name', 170).notNullable();
      kit.json(t, 'valid_times').notNullable();
      t.string('pipeline', 64).notNullable().defaultTo('');
      t.primary(['nwb_file_name', 'interval_list_name']);
      foreignKey(t, 'common__interval_list', 1, ['nwb_file_name'], 'common__session');
    },
  },
  {
    name: 'common__lab_team',
    build: (t) => {
      t.string('team_name', 80).notNullable().primary();
      t.string('team_description', 2000).notNullable().defaultTo('');
    },
  },
  {
    name: 'common__probe_type',
    build: (t) => {
      t.string('probe_type', 80).notNullable().primary();
      t.string('probe_description', 2000).notNullable().defaultTo('');
      t.string('manufacturer', 200).notNullable().defaultTo('');
      t.integer('num_shanks').notNullable();
    },
  },
  {
    name: 'common__probe',
    build: (t) => {
      t.string('probe_id', 80).notNullable().primary();
      t.string('probe_type', 80).notNullable();
      t.string('probe_description', 2000).notNullable().defaultTo('');
      t.integer('num_shanks').notNullable();
      t.boolean('contact_side_numbering').notNullable().defaultTo(true);
      foreignKey(t, 'common__probe', 1, ['probe_type'], 'common__probe_type');
    },
  },
  {
    name: 'common__electrode_group',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable();
      t.string('electrode_group_name', 80).notNullable();
      t.string('probe_id', 80).nullable();
      t.string('description', 2000).notNullable().defaultTo('');
      t.enu('target_hemisphere', ['Right', 'Left', 'Unknown']).notNullable().defaultTo('Unknown');
      t.primary(['nwb_file_name', 'electrode_group_name']);
      foreignKey(t, 'common__electrode_group', 1, ['nwb_file_name'], 'common__session');
      foreignKey(t, 'common__electrode_group', 2, ['probe_id'], 'common__probe');
    },
  },
  {
    name: 'common__electrode',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable();
      t.string('electrode_group_name', 80).notNullable();
      t.integer('electrode_id').notNullable();
      t.string('probe_id', 80).nullable();
      t.integer('probe_shank').nullable();
      t.integer('probe_electrode').nullable();
      t.string('location', 200).notNullable().defaultTo('');
      t.double('x').nullable();
      t.double('y').nullable();
      t.double('z').nullable();
      t.string('filtering', 2000).notNullable().defaultTo('');
      t.double('impedance').nullable();
      t.boolean('bad_channel').notNullable().defaultTo(false);
      t.integer('original_reference_electrode').notNullable().defaultTo(-1);
      t.primary(['nwb_file_name', 'electrode_group_name', 'electrode_id']);
      foreignKey(t, 'common__electrode', 1, ['nwb_file_name', 'electrode_group_name'], 'common__electrode_group');
      foreignKey(t, 'common__electrode', 2, ['probe_id'], 'common__probe');
    },
  },
  // ---- spikesorting v0 (Spyglass `spikesorting_recording`)
  {
    name: 'spikesorting_v0__sort_group',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable();
      t.integer('sort_group_id').notNullable();
      t.integer('sort_reference_electrode_id').notNullable().defaultTo(-1);
      t.primary(['nwb_file_name', 'sort_group_id']);
      foreignKey(t, 'spikesorting_v0__sort_group', 1, ['nwb_file_name'], 'common__session');
    },
  },
  {
    name: 'spikesorting_v0__sort_group__sort_group_electrode',
    build: (t) => sortGroupElectrodeColumns(t, 'spikesorting_v0__sort_group__sort_group_electrode', 'spikesorting_v0__sort_group'),
  },
  {
    name: 'spikesorting_v0__sort_interval',
    build: (t, kit) => {
      t.string('nwb_file_name', 64).notNullable();
      t.string('sort_interval_name', 64).notNullable();
      kit.json(t, 'sort_interval').notNullable();
      t.primary(['nwb_file_name', 'sort_interval_name']);
      foreignKey(t, 'spikesorting_v0__sort_interval', 1, ['nwb_file_name'], 'common__session');
    },
  },
  {
    name: 'spikesorting_v0__spike_sorting_preprocessing_parameters',
    build: (t, kit) => {
      t.string('preproc_params_name', 32).notNullable().primary();
      kit.json(t, 'preproc_params').notNullable();
    },
  },
  {
    name: 'spikesorting_v0__spike_sorting_recording_selection',
    build: (t) => {
      const table = 'spikesorting_v0__spike_sorting_recording_selection';
      v0KeyColumns(t);
      t.string('interval_list_name', 170).notNullable();
      t.primary(V0_KEY);
      foreignKey(t, table, 1, ['nwb_file_name', 'sort_group_id'], 'spikesorting_v0__sort_group');
      foreignKey(t, table, 2, ['nwb_file_name', 'sort_interval_name'], 'spikesorting_v0__sort_interval');
      foreignKey(t, table, 3, ['preproc_params_name'], 'spikesorting_v0__spike_sorting_preprocessing_parameters');
      foreignKey(t, table, 4, ['team_name'], 'common__lab_team');
      foreignKey(t, table, 5, ['nwb_file_name', 'interval_list_name'], 'common__interval_list');
    },
  },
  {
    name: 'spikesorting_v0__spike_sorting_recording',
    build: (t) => {
      v0KeyColumns(t);
      t.string('recording_path', 1000).notNullable();
      t.string('sort_interval_list_name', 170).notNullable();
      t.primary(V0_KEY);
      foreignKey(t, 'spikesorting_v0__spike_sorting_recording', 1, V0_KEY, 'spikesorting_v0__spike_sorting_recording_selection');
    },
  },
  // ---- spikesorting v1 (Spyglass `spikesorting_v1_recording`)
  {
    name: 'spikesorting_v1__sort_group',
    build: (t) => {
      t.string('nwb_file_name', 64).notNullable();
      t.integer('sort_group_id').notNullable();
      t.integer('sort_reference_electrode_id').notNullable().defaultTo(-1);
      t.primary(['nwb_file_name', 'sort_group_id']);
      foreignKey(t, 'spikesorting_v1__sort_group', 1, ['nwb_file_name'], 'common__session');
    },
  },
  {
    name: 'spikesorting_v1__sort_group__sort_group_electrode',
    build: (t) => sortGroupElectrodeColumns(t, 'spikesorting_v1__sort_group__sort_group_electrode', 'spikesorting_v1__sort_group'),
  },
  {
    name: 'spikesorting_v1__spike_sorting_preprocessing_parameters',
    build: (t, kit) => {
      t.string('preproc_param_name', 200).notNullable().primary();
      kit.json(t, 'preproc_params').notNullable();
    },
  },
  {
    name: 'spikesorting_v1__spike_sorting_recording_selection',
    build: (t, kit) => {
      const table = 'spikesorting_v1__spike_sorting_recording_selection';
      kit.uuid(t, 'recording_id').notNullable().primary();
      t.string('nwb_file_name', 64).notNullable();
      t.integer('sort_group_id').notNullable();
      t.string('interval_list_name', 170).notNullable();
      t.string('preproc_param_name', 200).notNullable();
      t.string('team_name', 80).notNullable();
      foreignKey(t, table, 1, ['nwb_file_name', 'sort_group_id'], 'spikesorting_v1__sort_group');
      foreignKey(t, table, 2, ['nwb_file_name', 'interval_list_name'], 'common__interval_list');
      foreignKey(t, table, 3, ['preproc_param_name'], 'spikesorting_v1__spike_sorting_preprocessing_parameters');
      foreignKey(t, table, 4, ['team_name'], 'common__lab_team');
    },
  },
  {
    name: 'spikesorting_v1__spike_sorting_recording',
    build: (t, kit) => {
      const table = 'spikesorting_v1__spike_sorting_recording';
      kit.uuid(t, 'recording_id').notNullable().primary();
      t.string('analysis_file_name', 64).notNullable();
      t.string('object_id', 40).notNullable();
      foreignKey(t, table, 1, ['recording_id'], 'spikesorting_v1__spike_sorting_recording_selection');
      foreignKey(t, table, 2, ['analysis_file_name'], 'common__analysis_nwbfile');
    },
  },
];

function v0KeyColumns(t: Parameters<TableDefinition['build']>[0]): void {
  t.string('nwb_file_name', 64).notNullable();
  t.integer('sort_group_id').notNullable();
  t.string('sort_interval_name', 64).notNullable();
  t.string('preproc_params_name', 32).notNullable();
  t.string('team_name', 80).notNullable();
}

function sortGroupElectrodeColumns(t: Parameters<TableDefinition['build']>[0], table: string, sortGroupTable: string): void {
  t.string('nwb_file_name', 64).notNullable();
  t.integer('sort_group_id').notNullable();
  t.string('electrode_group_name', 80).notNullable();
  t.integer('electrode_id').notNullable();
  t.primary(['nwb_file_name', 'sort_group_id', 'electrode_group_name', 'electrode_id']);
  foreignKey(t, table, 1, ['nwb_file_name', 'sort_group_id'], sortGroupTable, undefined, 'CASCADE');
  foreignKey(t, table, 2, ['nwb_file_name', 'electrode_group_name', 'electrode_id'], 'common__electrode');
}
