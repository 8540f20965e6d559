import { RecomputeError } from '@spyglass-recompute/errors';
import { loadH5wasm, type H5File } from '@spyglass-recompute/core';
import type { V1WriterFacts } from './detectV1WriterProfile';

/**
 * Reads what {@link detectV1WriterProfile} needs from a v1 analysis file: the cached
 * namespaces, whether `units` exists, the ElectricalSeries data layout under `/acquisition`
 * (the one whose `object_id` is `seriesObjectId` when given, else the first) and
 * `general/source_script`. Metadata only: no trace is read.
 *
 * @throws RecomputeError `V1_FILE_UNREADABLE` (exit 1).
 */
export async function readV1WriterFacts(filePath: string, seriesObjectId?: string | null): Promise<V1WriterFacts> {
  const h5 = await loadH5wasm();
  let file: H5File;
  try {
    file = new h5.File(filePath, 'r');
  } catch (cause) {
    throw new RecomputeError({ code: 'V1_FILE_UNREADABLE', message: `cannot open ${filePath} as HDF5: ${(cause as Error).message}`, exitCode: 1, cause, details: { filePath } });
  }
  try {
    const namespaces: Record<string, string> = {};
    const specifications = file.get('specifications');
    if (specifications instanceof h5.Group) {
      for (const name of specifications.keys()) {
        const group = specifications.get(name);
        // hdmf's get_namespaces reads the (single) version group of each namespace
        if (group instanceof h5.Group) namespaces[name] = group.keys().sort().at(-1) ?? '';
      }
    }
    let seriesDataShape: number[] = [];
    let seriesDataChunks: number[] | null = null;
    const acquisition = file.get('acquisition');
    for (const name of acquisition instanceof h5.Group ? acquisition.keys() : []) {
      const group = file.get(`acquisition/${name}`);
      if (!(group instanceof h5.Group) || !String(group.attrs.neurodata_type?.value).endsWith('ElectricalSeries')) continue;
      if (seriesObjectId && group.attrs.object_id?.value !== seriesObjectId) continue;
      const data = file.get(`acquisition/${name}/data`);
      if (data instanceof h5.Dataset) {
        seriesDataShape = data.metadata.shape ?? [];
        seriesDataChunks = data.metadata.chunks ?? null;
      }
      break;
    }
    const script = file.get('general/source_script');
    const sourceScript = script instanceof h5.Dataset ? String(script.value) : undefined;
    return { namespaces, hasUnits: file.get('units') instanceof h5.Group, seriesDataShape, seriesDataChunks, ...(sourceScript !== undefined ? { sourceScript } : {}) };
  } finally {
    file.close();
  }
}
