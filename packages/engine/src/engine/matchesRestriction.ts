import type { KeyValue, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';

/** True when every restricted field (key field or attribute) equals the value or one of the values. */
export function matchesRestriction<K extends RecordingKey>(artefact: StoredArtefact<K>, restriction: Restriction): boolean {
  return Object.entries(restriction).every(([field, wanted]) => {
    const actual: KeyValue | null | undefined = field in artefact.key ? artefact.key[field] : artefact.attributes[field];
    if (actual === undefined || actual === null) return false;
    const options = Array.isArray(wanted) ? (wanted as readonly KeyValue[]) : [wanted as KeyValue | boolean];
    return options.some((option) => String(option) === String(actual));
  });
}
