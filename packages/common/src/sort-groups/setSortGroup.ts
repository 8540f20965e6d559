import type { EntityManager } from '@mikro-orm/core';
import { Electrode, SpikeSortingRecordingSelectionV0, SpikeSortingRecordingSelectionV1 } from '@spyglass-recompute/schema';
import { commonErrors } from '../ingest/commonErrors';
import { idRanges } from '../ingest/idRanges';
import { requireNwbFile } from '../ingest/requireNwbFile';
import type { SpikeSortingPipeline } from '../params/preprocessingParams';
import { findSortGroup, insertSortGroups, sortGroupEntities, type SortGroupRows } from './sortGroupTables';

/** Arguments of {@link setSortGroup}. */
export interface SetSortGroupInput {
  nwbFileName: string;
  sortGroupId: number;
  electrodeIds: number[];
  /** −2: median of the group's channels; −1: none (v1 only); ≥ 0: that electrode of the file. */
  referenceId: number;
}

/** Outcome of {@link setSortGroup}. */
export interface SetSortGroupResult {
  pipeline: SpikeSortingPipeline;
  sortGroup: SortGroupRows;
  /** `created`, `replaced` (the group existed with other electrodes/reference) or `unchanged`. */
  action: 'created' | 'replaced' | 'unchanged';
}

/**
 * Creates or replaces one sort group of a pipeline (master row plus part rows) in a
 * transaction. Electrodes must exist in the file; the reference must be −2, −1 (v1 only: v0's
 * preprocessing rejects it) or an electrode id of the file. A group that recording selections
 * already use is not changed.
 *
 * @throws RecomputeError `NWB_FILE_UNKNOWN`, `SORT_GROUP_ELECTRODES_INVALID`,
 *   `SORT_GROUP_ELECTRODE_UNKNOWN` (naming the id), `SORT_GROUP_REFERENCE_INVALID`,
 *   `SORT_GROUP_IN_USE`.
 */
export async function setSortGroup(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  input: SetSortGroupInput,
): Promise<SetSortGroupResult> {
  const { nwbFileName, sortGroupId, electrodeIds, referenceId } = input;
  return em.fork().transactional(async (tx) => {
    await requireNwbFile(tx, nwbFileName);
    if (!(Number.isInteger(sortGroupId) && sortGroupId >= 0))
      throw commonErrors.electrodesInvalid(nwbFileName, `sort group id must be a non-negative integer, got ${sortGroupId}`);
    if (electrodeIds.length === 0) throw commonErrors.electrodesInvalid(nwbFileName, 'give at least one electrode (--electrodes)');
    const bad = electrodeIds.find((id) => !Number.isInteger(id));
    if (bad !== undefined) throw commonErrors.electrodesInvalid(nwbFileName, `electrode ids must be integers, got ${bad}`);
    const duplicate = electrodeIds.find((id, i) => electrodeIds.indexOf(id) !== i);
    if (duplicate !== undefined) throw commonErrors.electrodesInvalid(nwbFileName, `electrode ${duplicate} is listed twice`);

    const rows = await tx.find(Electrode, { nwb_file_name: nwbFileName });
    const groupOf = new Map(rows.map((row) => [row.electrode_id, row.electrode_group_name]));
    for (const id of electrodeIds) if (!groupOf.has(id)) throw commonErrors.electrodeUnknown(nwbFileName, id, [...groupOf.keys()]);
    if (!Number.isInteger(referenceId)) throw commonErrors.referenceInvalid(pipeline, nwbFileName, referenceId, 'must be an integer');
    if (referenceId === -1 && pipeline === 'v0') {
      throw commonErrors.referenceInvalid(
        pipeline,
        nwbFileName,
        referenceId,
        'v0 preprocessing rejects -1 (no reference); use -2 (median) or an electrode id',
      );
    }
    if (referenceId < -2)
      throw commonErrors.referenceInvalid(pipeline, nwbFileName, referenceId, 'use -2 (median), -1 (none, v1 only) or an electrode id');
    if (referenceId >= 0 && !groupOf.has(referenceId))
      throw commonErrors.referenceInvalid(
        pipeline,
        nwbFileName,
        referenceId,
        `electrode ${referenceId} does not exist in ${nwbFileName}; its electrode ids are ${idRanges([...groupOf.keys()])}`,
      );

    const wanted: SortGroupRows = {
      nwbFileName,
      sortGroupId,
      referenceId,
      electrodes: [...electrodeIds].sort((a, b) => a - b).map((id) => ({ electrodeGroupName: groupOf.get(id) as string, electrodeId: id })),
    };
    const existing = await findSortGroup(tx, pipeline, nwbFileName, sortGroupId);
    if (existing && JSON.stringify(existing) === JSON.stringify(wanted))
      return { pipeline, sortGroup: wanted, action: 'unchanged' as const };
    if (existing) {
      const selections =
        pipeline === 'v0'
          ? await tx.count(SpikeSortingRecordingSelectionV0, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId })
          : await tx.count(SpikeSortingRecordingSelectionV1, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
      if (selections > 0) throw commonErrors.sortGroupInUse(pipeline, nwbFileName, sortGroupId, selections);
      const { master, part } = sortGroupEntities(pipeline);
      await tx.nativeDelete(part, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
      await tx.nativeDelete(master, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
    }
    await insertSortGroups(tx, pipeline, [wanted]);
    return { pipeline, sortGroup: wanted, action: existing ? ('replaced' as const) : ('created' as const) };
  });
}
