import type { EntityManager } from '@mikro-orm/core';
import type { SpikeSortingPipeline } from '../params/preprocessingParams';
import { sortGroupEntities, type SortGroupRows } from '../sort-groups/sortGroupTables';

/**
 * A pipeline's sort groups with their electrodes, ordered by file then id (`{v0|v1} sort-group list`).
 * Reads the master and part tables once each, whatever the number of groups.
 */
export async function listSortGroups(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  filter: { nwbFileNames?: readonly string[] } = {},
): Promise<SortGroupRows[]> {
  const { master, part } = sortGroupEntities(pipeline);
  const where = filter.nwbFileNames && filter.nwbFileNames.length > 0 ? { nwb_file_name: { $in: [...filter.nwbFileNames] } } : {};
  const fork = em.fork();
  const groups = await fork.find(master, where, { orderBy: { nwb_file_name: 'asc', sort_group_id: 'asc' } });
  const parts = await fork.find(part, where, { orderBy: { electrode_id: 'asc' } });
  const electrodes = new Map<string, SortGroupRows['electrodes']>();
  for (const p of parts) {
    const id = `${p.nwb_file_name}\u0000${Number(p.sort_group_id)}`;
    electrodes.set(id, [
      ...(electrodes.get(id) ?? []),
      { electrodeGroupName: p.electrode_group_name, electrodeId: Number(p.electrode_id) },
    ]);
  }
  return groups.map((g) => ({
    nwbFileName: g.nwb_file_name,
    sortGroupId: Number(g.sort_group_id),
    referenceId: Number(g.sort_reference_electrode_id),
    electrodes: electrodes.get(`${g.nwb_file_name}\u0000${Number(g.sort_group_id)}`) ?? [],
  }));
}
