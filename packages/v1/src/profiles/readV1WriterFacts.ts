import type { V1WriterFacts } from './detectV1WriterProfile';
import { openV1FileForReading } from '../nwb/openV1FileForReading';

/**
 * Reads what {@link detectV1WriterProfile} needs from a v1 analysis file: the cached
 * namespaces, whether `units` exists, the ElectricalSeries data layout under `/acquisition`
 * (the one whose `object_id` is `seriesObjectId` when given, else the first) and
 * `general/source_script`. Metadata only: no trace is read.
 *
 * @throws RecomputeError `V1_FILE_UNREADABLE` (exit 1).
 */
export async function readV1WriterFacts(filePath: string, seriesObjectId?: string | null): Promise<V1WriterFacts> {
  const { h5, file } = await openV1FileForReading(filePath);
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
    return {
      namespaces,
      hasUnits: file.get('units') instanceof h5.Group,
      seriesDataShape,
      seriesDataChunks,
      ...(sourceScript !== undefined ? { sourceScript } : {}),
    };
  } finally {
    file.close();
  }
}
