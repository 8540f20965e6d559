import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { SpikeSortingRecordingV0 } from '@spyglass-recompute/schema';
import { recordingFolderName } from '../recording/recordingFolderName';
import { v0Errors } from '../recording/v0Errors';
import { v0KeyOf, V0_KEY_COLUMNS } from './v0TableDescriptors';
import type { V0Key } from './V0Key';

/**
 * A v0 key written as JSON (`{"nwb_file_name": ..., "sort_group_id": ..., ...}` with all five
 * key fields), or null when `text` is not JSON. Needs no database.
 */
export function parseV0KeyJson(text: string): V0Key | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw v0Errors.keyInvalid(text, `invalid JSON (${(error as Error).message})`);
  }
  const obj = value as Record<string, unknown>;
  const missing = V0_KEY_COLUMNS.filter((column) => obj[column] === undefined || obj[column] === null);
  if (missing.length > 0) throw v0Errors.keyInvalid(text, `missing ${missing.join(', ')}`);
  if (!Number.isInteger(Number(obj.sort_group_id))) throw v0Errors.keyInvalid(text, 'sort_group_id must be an integer');
  return v0KeyOf(obj);
}

/**
 * Resolves a `fetch`/`diff` KEY against the database: the recording folder name
 * `{nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}` (the team is
 * not part of it: give `teamName` when several teams made the same folder name), or a JSON key.
 *
 * @throws RecomputeError `V0_KEY_INVALID`, `RECORDING_NOT_FOUND`, `V0_KEY_AMBIGUOUS`.
 */
export async function resolveV0Key(em: EntityManager, text: string, options: { teamName?: string } = {}): Promise<V0Key> {
  const json = parseV0KeyJson(text);
  const fork = em.fork();
  if (json) {
    if (!(await fork.findOne(SpikeSortingRecordingV0, { ...json }))) throw v0Errors.recordingNotFound(text);
    return json;
  }
  const name = text.trim().replace(/\/+$/, '');
  if (name === '' || name.includes('/')) throw v0Errors.keyInvalid(text, 'a folder name has no slashes');
  const team = options.teamName !== undefined ? { team_name: options.teamName } : {};
  // Spyglass stores the folder name as sort_interval_list_name; fall back to scanning keys for rows imported without it.
  let rows = await fork.find(SpikeSortingRecordingV0, { sort_interval_list_name: name, ...team });
  rows = rows.filter((row) => recordingFolderName(v0KeyOf(row)) === name);
  if (rows.length === 0) {
    const all = await fork.find(SpikeSortingRecordingV0, { ...team });
    rows = all.filter((row) => recordingFolderName(v0KeyOf(row)) === name || path.basename(row.recording_path) === name);
  }
  if (rows.length === 0) throw v0Errors.recordingNotFound(text);
  if (rows.length > 1)
    throw v0Errors.keyAmbiguous(
      text,
      rows.map((row) => ({ ...v0KeyOf(row) })),
    );
  return v0KeyOf(rows[0] as unknown as Record<string, unknown>);
}
