import { p } from '@mikro-orm/core';
import { JsonColumnType } from '../types/JsonColumnType';
import { UuidType } from '../types/UuidType';

/*
 * Column builders shared by several tables, so a key attribute has one SQL type everywhere
 * (a foreign key column must match its parent's type exactly on MySQL). Sizes follow Spyglass's
 * DataJoint definitions. Each call returns a fresh builder.
 */

/** `nwb_file_name: varchar(64)`: the raw NWB file's name, e.g. `j1620210710_.nwb`. */
export const nwbFileNameColumn = () => p.string().length(64);
/** `interval_list_name: varchar(170)`. */
export const intervalListNameColumn = () => p.string().length(170);
/** `team_name: varchar(80)`. */
export const teamNameColumn = () => p.string().length(80);
/** `env_id: varchar(127)`: `{user}_{env name}_{NN}`. */
export const envIdColumn = () => p.string().length(127);
/** `sort_group_id: int`. */
export const sortGroupIdColumn = () => p.integer();
/** `electrode_group_name: varchar(80)`. */
export const electrodeGroupNameColumn = () => p.string().length(80);
/** `electrode_id: int`. */
export const electrodeIdColumn = () => p.integer();
/** `analysis_file_name: varchar(64)`. */
export const analysisFileNameColumn = () => p.string().length(64);
/** `probe_id: varchar(80)`. */
export const probeIdColumn = () => p.string().length(80);
/** `recording_id: uuid` (see {@link UuidType}). */
export const recordingIdColumn = () => p.type(UuidType);
/** A stored digest: `char(32)` hex (md5 today), nullable until computed. */
export const hashColumn = () => p.string().length(32).nullable();
/** The id of the algorithm that made the digest beside it, e.g. `spyglass-nwb`, `spyglass-dir`, `md5`. */
export const hashAlgorithmColumn = () => p.string().length(32).nullable();
/** Part-table object/file name: `name: varchar(255)`. */
export const partNameColumn = () => p.string().length(255);
/** A JSON column (DataJoint blob) readable on every driver. */
export const jsonColumn = <T>() => p.type(JsonColumnType).$type<T>();
/** `double` read back as a JS number (MikroORM's default for `double` is a string). */
export const doubleColumn = () => p.double().$type<number>().runtimeType('number');
