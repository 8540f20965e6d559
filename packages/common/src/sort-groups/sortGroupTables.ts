import type { EntityManager } from '@mikro-orm/core';
import { SortGroupElectrodeV0, SortGroupElectrodeV1, SortGroupV0, SortGroupV1 } from '@spyglass-recompute/schema';
import { insertInBatches } from '../ingest/insertInBatches';
import type { SpikeSortingPipeline } from '../params/preprocessingParams';

/** A sort group as rows: the master row's reference plus its part rows. */
export interface SortGroupRows {
  nwbFileName: string;
  sortGroupId: number;
  referenceId: number;
  electrodes: Array<{ electrodeGroupName: string; electrodeId: number }>;
}

/**
 * The SortGroup master and part entities of a pipeline. The v0 and v1 tables have identical
 * columns, so both are typed as the v0 entities (a union of the two defineEntity types is not
 * callable through `em` methods).
 */
export function sortGroupEntities(pipeline: SpikeSortingPipeline): { master: typeof SortGroupV0; part: typeof SortGroupElectrodeV0 } {
  return pipeline === 'v0'
    ? { master: SortGroupV0, part: SortGroupElectrodeV0 }
    : { master: SortGroupV1 as unknown as typeof SortGroupV0, part: SortGroupElectrodeV1 as unknown as typeof SortGroupElectrodeV0 };
}

/** Inserts sort groups (master rows, then part rows) into one pipeline's tables. */
export async function insertSortGroups(em: EntityManager, pipeline: SpikeSortingPipeline, groups: readonly SortGroupRows[]): Promise<void> {
  if (groups.length === 0) return;
  const { master, part } = sortGroupEntities(pipeline);
  await insertInBatches<SortGroupV0>(
    em,
    master,
    groups.map((g) => ({ nwb_file_name: g.nwbFileName, sort_group_id: g.sortGroupId, sort_reference_electrode_id: g.referenceId })),
  );
  const parts = groups.flatMap((g) =>
    g.electrodes.map((e) => ({
      nwb_file_name: g.nwbFileName,
      sort_group_id: g.sortGroupId,
      electrode_group_name: e.electrodeGroupName,
      electrode_id: e.electrodeId,
    })),
  );
  await insertInBatches<SortGroupElectrodeV0>(em, part, parts);
}

/** Reads one sort group of a pipeline, or null. Part rows sorted by electrode id. */
export async function findSortGroup(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  nwbFileName: string,
  sortGroupId: number,
): Promise<SortGroupRows | null> {
  const { master, part } = sortGroupEntities(pipeline);
  const row = await em.findOne(master, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
  if (!row) return null;
  const parts = await em.find(part, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId }, { orderBy: { electrode_id: 'asc' } });
  return {
    nwbFileName,
    sortGroupId,
    referenceId: row.sort_reference_electrode_id,
    electrodes: parts.map((p) => ({ electrodeGroupName: p.electrode_group_name, electrodeId: p.electrode_id })),
  };
}
