import { v1Errors } from './v1Errors';
import { openV1FileForReading } from '../nwb/openV1FileForReading';

/** Object ids a v1 analysis file's ElectricalSeries carries. */
export interface SeriesObjectIds {
  /** `object_id` of `acquisition/{series}`. */
  series: string;
  /** `object_id` of `acquisition/{series}/electrodes`, null when absent. */
  electrodes: string | null;
}

/**
 * Reads the `object_id`s of an analysis file's series: the one whose `object_id` is
 * `seriesObjectId` when given (Spyglass's `SpikeSortingRecording.object_id`), else the only
 * ElectricalSeries under `acquisition`.
 *
 * @throws RecomputeError `V1_FILE_UNREADABLE` (exit 1), `V1_SERIES_NOT_FOUND` (exit 2).
 */
export async function readSeriesObjectIds(filePath: string, seriesObjectId?: string | null): Promise<SeriesObjectIds> {
  const { h5, file } = await openV1FileForReading(filePath);
  try {
    const acquisition = file.get('acquisition');
    const names = acquisition instanceof h5.Group ? acquisition.keys() : [];
    const candidates: SeriesObjectIds[] = [];
    for (const name of names) {
      const group = file.get(`acquisition/${name}`);
      if (!(group instanceof h5.Group)) continue;
      const type = group.attrs.neurodata_type?.value;
      const id = group.attrs.object_id?.value;
      if (typeof id !== 'string' || !String(type).endsWith('ElectricalSeries')) continue;
      const electrodes = file.get(`acquisition/${name}/electrodes`);
      const electrodesId = electrodes instanceof h5.Dataset ? electrodes.attrs.object_id?.value : undefined;
      candidates.push({ series: id, electrodes: typeof electrodesId === 'string' ? electrodesId : null });
    }
    const found = seriesObjectId
      ? candidates.find((c) => c.series === seriesObjectId)
      : candidates.length === 1
        ? candidates[0]
        : undefined;
    if (!found) {
      throw v1Errors.seriesNotFound(filePath, seriesObjectId, candidates.length);
    }
    return found;
  } finally {
    file.close();
  }
}
