import type { EntityManager } from '@mikro-orm/core';
import { Nwbfile } from '@spyglass-recompute/schema';
import { commonErrors } from './commonErrors';

/**
 * The registered `Nwbfile` row of `nwbFileName`.
 * @throws RecomputeError `NWB_FILE_UNKNOWN` when the file was never ingested.
 */
export async function requireNwbFile(em: EntityManager, nwbFileName: string): Promise<Nwbfile> {
  const row = await em.findOne(Nwbfile, { nwb_file_name: nwbFileName });
  if (!row) throw commonErrors.nwbFileUnknown(nwbFileName);
  return row;
}
