import { foreignKey, type ColumnKit, type TableDefinition } from './tableKit';

/*
 * Tables the recompute feature adds (Spyglass `UserEnvironment`, `spikesorting_recompute_v0`,
 * `spikesorting_v1_recompute`, and a DataJoint-style jobs table). Frozen with its migration.
 * The recompute chain cascades on delete (Versions → Selection → Recompute → Name/Hash), the
 * way DataJoint's delete would cascade after confirmation.
 */

type Builder = Parameters<TableDefinition['build']>[0];

const V0_KEY = ['nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name'];
const V0_ATTEMPT = [...V0_KEY, 'env_id'];
const V1_ATTEMPT = ['recording_id', 'env_id', 'rounding'];

function v0KeyColumns(t: Builder): void {
  t.string('nwb_file_name', 64).notNullable();
  t.integer('sort_group_id').notNullable();
  t.string('sort_interval_name', 64).notNullable();
  t.string('preproc_params_name', 32).notNullable();
  t.string('team_name', 80).notNullable();
}

function v1AttemptColumns(t: Builder, kit: ColumnKit): void {
  kit.uuid(t, 'recording_id').notNullable();
  t.string('env_id', 127).notNullable();
  t.integer('rounding').notNullable();
}

function attemptColumns(t: Builder): void {
  t.boolean('matched').notNullable();
  t.string('err_msg', 2000).nullable();
  t.datetime('created_at').nullable();
  t.boolean('deleted').notNullable().defaultTo(false);
}

function hashPartColumns(t: Builder): void {
  t.string('name', 255).notNullable();
  t.string('old_hash', 64).nullable();
  t.string('new_hash', 64).nullable();
  t.string('hash_algorithm', 32).nullable();
  t.double('max_abs_diff').nullable();
  t.double('max_rel_diff').nullable();
}

export const recomputeTables: readonly TableDefinition[] = [
  {
    name: 'common__user_environment',
    build: (t, kit) => {
      t.string('env_id', 127).notNullable().primary();
      t.string('env_hash', 32).notNullable();
      t.string('hash_algorithm', 32).notNullable().defaultTo('md5');
      kit.json(t, 'env').notNullable();
      t.datetime('timestamp').notNullable();
      t.boolean('has_editable').notNullable().defaultTo(false);
      t.unique(['env_hash'], { indexName: 'common__user_environment_uq1' });
    },
  },
  // ---- v0 (Spyglass `spikesorting_recompute_v0`)
  {
    name: 'spikesorting_v0__recording_recompute_versions',
    build: (t) => {
      v0KeyColumns(t);
      t.string('spikeinterface', 16).notNullable();
      t.string('probeinterface', 16).notNullable();
      t.primary(V0_KEY);
      foreignKey(
        t,
        'spikesorting_v0__recording_recompute_versions',
        1,
        V0_KEY,
        'spikesorting_v0__spike_sorting_recording',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v0__recording_recompute_selection',
    build: (t) => {
      const table = 'spikesorting_v0__recording_recompute_selection';
      v0KeyColumns(t);
      t.string('env_id', 127).notNullable();
      t.boolean('logged_at_creation').notNullable().defaultTo(false);
      t.string('xfail_reason', 127).nullable();
      t.primary(V0_ATTEMPT);
      foreignKey(t, table, 1, V0_KEY, 'spikesorting_v0__recording_recompute_versions', undefined, 'CASCADE');
      foreignKey(t, table, 2, ['env_id'], 'common__user_environment');
    },
  },
  {
    name: 'spikesorting_v0__recording_recompute',
    build: (t) => {
      v0KeyColumns(t);
      t.string('env_id', 127).notNullable();
      attemptColumns(t);
      t.primary(V0_ATTEMPT);
      foreignKey(
        t,
        'spikesorting_v0__recording_recompute',
        1,
        V0_ATTEMPT,
        'spikesorting_v0__recording_recompute_selection',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v0__recording_recompute__name',
    build: (t) => {
      v0KeyColumns(t);
      t.string('env_id', 127).notNullable();
      t.string('name', 255).notNullable();
      t.enu('missing_from', ['old', 'new']).notNullable();
      t.primary([...V0_ATTEMPT, 'name', 'missing_from']);
      foreignKey(
        t,
        'spikesorting_v0__recording_recompute__name',
        1,
        V0_ATTEMPT,
        'spikesorting_v0__recording_recompute',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v0__recording_recompute__hash',
    build: (t) => {
      v0KeyColumns(t);
      t.string('env_id', 127).notNullable();
      hashPartColumns(t);
      t.primary([...V0_ATTEMPT, 'name']);
      foreignKey(
        t,
        'spikesorting_v0__recording_recompute__hash',
        1,
        V0_ATTEMPT,
        'spikesorting_v0__recording_recompute',
        undefined,
        'CASCADE',
      );
    },
  },
  // ---- v1 (Spyglass `spikesorting_v1_recompute`)
  {
    name: 'spikesorting_v1__recording_recompute_versions',
    build: (t, kit) => {
      kit.uuid(t, 'recording_id').notNullable().primary();
      kit.json(t, 'nwb_deps').nullable();
      foreignKey(
        t,
        'spikesorting_v1__recording_recompute_versions',
        1,
        ['recording_id'],
        'spikesorting_v1__spike_sorting_recording',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v1__recording_recompute_selection',
    build: (t, kit) => {
      const table = 'spikesorting_v1__recording_recompute_selection';
      kit.uuid(t, 'recording_id').notNullable();
      t.string('env_id', 127).notNullable();
      t.integer('rounding').notNullable().defaultTo(4);
      t.boolean('logged_at_creation').notNullable().defaultTo(false);
      t.string('xfail_reason', 127).nullable();
      t.primary(V1_ATTEMPT);
      foreignKey(t, table, 1, ['recording_id'], 'spikesorting_v1__recording_recompute_versions', undefined, 'CASCADE');
      foreignKey(t, table, 2, ['env_id'], 'common__user_environment');
    },
  },
  {
    name: 'spikesorting_v1__recording_recompute',
    build: (t, kit) => {
      v1AttemptColumns(t, kit);
      attemptColumns(t);
      t.primary(V1_ATTEMPT);
      foreignKey(
        t,
        'spikesorting_v1__recording_recompute',
        1,
        V1_ATTEMPT,
        'spikesorting_v1__recording_recompute_selection',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v1__recording_recompute__name',
    build: (t, kit) => {
      v1AttemptColumns(t, kit);
      t.string('name', 255).notNullable();
      t.enu('missing_from', ['old', 'new']).notNullable();
      t.primary([...V1_ATTEMPT, 'name', 'missing_from']);
      foreignKey(
        t,
        'spikesorting_v1__recording_recompute__name',
        1,
        V1_ATTEMPT,
        'spikesorting_v1__recording_recompute',
        undefined,
        'CASCADE',
      );
    },
  },
  {
    name: 'spikesorting_v1__recording_recompute__hash',
    build: (t, kit) => {
      v1AttemptColumns(t, kit);
      hashPartColumns(t);
      t.primary([...V1_ATTEMPT, 'name']);
      foreignKey(
        t,
        'spikesorting_v1__recording_recompute__hash',
        1,
        V1_ATTEMPT,
        'spikesorting_v1__recording_recompute',
        undefined,
        'CASCADE',
      );
    },
  },
  // ---- distributed populate (DataJoint `~jobs`)
  {
    name: 'recompute__jobs',
    build: (t, kit) => {
      t.string('table_name', 255).notNullable();
      t.string('key_hash', 32).notNullable();
      t.enu('status', ['reserved', 'error', 'ignore']).notNullable();
      kit.json(t, 'key').notNullable();
      t.string('error_message', 2047).notNullable().defaultTo('');
      t.text('error_stack').nullable();
      t.string('user', 255).notNullable().defaultTo('');
      t.string('host', 255).notNullable().defaultTo('');
      t.integer('pid').notNullable().defaultTo(0);
      t.bigInteger('connection_id').notNullable().defaultTo(0);
      t.datetime('timestamp').notNullable();
      t.datetime('lease_expires_at').nullable();
      t.primary(['table_name', 'key_hash']);
      t.index(['status', 'lease_expires_at'], 'recompute__jobs_ix1');
    },
  },
];

/** Columns the recompute upgrade adds to recording tables that already exist. */
export const addedRecordingColumns: ReadonlyArray<{ table: string; column: string; sql: string }> = [
  { table: 'spikesorting_v0__spike_sorting_recording', column: 'hash', sql: 'char(32) null' },
  { table: 'spikesorting_v0__spike_sorting_recording', column: 'hash_algorithm', sql: 'varchar(32) null' },
  { table: 'spikesorting_v1__spike_sorting_recording', column: 'electrodes_id', sql: 'varchar(40) null' },
  { table: 'spikesorting_v1__spike_sorting_recording', column: 'hash', sql: 'char(32) null' },
  { table: 'spikesorting_v1__spike_sorting_recording', column: 'hash_algorithm', sql: 'varchar(32) null' },
];
