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

/**
 * Decimals a dataset's content is rounded to: {@link parentPrecision} for float data, 0 for
 * anything else. The one rule both sides of the prehash handshake apply (the main thread's
 * expectation and the worker's digest must name the same decimals).
 */
export function datasetDecimals(relPath: string, isFloat: boolean, precision: Readonly<Record<string, number>>): number {
  return isFloat ? parentPrecision(relPath, precision) : 0;
}
