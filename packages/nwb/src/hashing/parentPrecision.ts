/**
 * Decimals Spyglass rounds a dataset's float content to: the precision lookup is keyed by
 * the basename of the dataset's parent group (`…/ProcessedElectricalSeries/data` → the
 * `ProcessedElectricalSeries` entry). 0 means no rounding. One rule for every hashing path.
 */
export function parentPrecision(relPath: string, precision: Readonly<Record<string, number>>): number {
  const slash = relPath.lastIndexOf('/');
  const parent = slash < 0 ? '' : relPath.slice(0, slash);
  return precision[parent.slice(parent.lastIndexOf('/') + 1)] || 0;
}
