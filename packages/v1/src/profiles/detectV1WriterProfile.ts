import { hdmfChunkShape } from '../nwb/hdmfChunkShape';
import { v1Errors } from '../recording/v1Errors';
import type { V1WriterProfile } from './V1WriterProfile';
import { V1_WRITER_PROFILES } from './v1WriterProfiles';

/**
 * Key of the detected writer profile in `RecordingRecomputeVersions.nwb_deps`: one more
 * entry in the JSON dict Spyglass already stores (namespace → version), so its Python reads
 * the row unchanged.
 */
export const V1_WRITER_PROFILE_KEY = 'spyglass-recompute-writer-profile';

/** What a v1 analysis file tells about its writer. */
export interface V1WriterFacts {
  /** Cached namespaces (`/specifications/{name}/{version}`; null: cached without a version, as old hdmf did). */
  namespaces: Readonly<Record<string, string | null>>;
  /** Whether the file has a top-level `units` table. */
  hasUnits: boolean;
  /** Shape and HDF5 chunk shape of the ElectricalSeries `data` (chunks null: contiguous). */
  seriesDataShape: readonly number[];
  seriesDataChunks: readonly number[] | null;
  /** `general/source_script` text, when present (a hint only: the hasher ignores it). */
  sourceScript?: string;
}

/** Why `profile` did not write a file with these facts (empty: it did). */
export function writerProfileDifferences(profile: V1WriterProfile, facts: V1WriterFacts): string[] {
  const differences: string[] = [];
  for (const [name, version] of Object.entries(profile.namespaces)) {
    // Absent is not evidence: files our earlier releases wrote from raw files without a
    // cache have none (the hasher then hashes `{}` for every profile alike).
    const found = facts.namespaces[name];
    if (found !== undefined && found !== version)
      differences.push(`namespace ${name} ${found ?? 'without a version'} (profile writes ${version})`);
  }
  // A profile that keeps units writes none when the raw file has none: only the opposite tells.
  if (facts.hasUnits && !profile.keepUnits) differences.push('units table present (profile drops it)');
  if (facts.seriesDataShape.length > 0 && facts.seriesDataShape.every((d) => d > 0)) {
    const expected = hdmfChunkShape(facts.seriesDataShape, 8, { bufferGb: profile.bufferGb, chunkMb: profile.hdmfChunkMb }).chunkShape;
    const found = facts.seriesDataChunks;
    if (!found || found.length !== expected.length || found.some((c, i) => c !== expected[i])) {
      differences.push(
        `series data chunks ${found ? `(${found.join(', ')})` : 'contiguous'} (profile writes (${expected.join(', ')}), hdmf chunk_mb ${profile.hdmfChunkMb})`,
      );
    }
  }
  return differences;
}

/**
 * The registered profile that wrote a file with these facts (namespace set, `units`, chunk
 * layout of the series). `source_script` is not a criterion: labs and Spyglass releases
 * write different texts there and the hasher ignores it.
 *
 * When several profiles fit (no namespace cache and equal chunking), the first registered
 * wins: they would write the same file.
 *
 * @throws RecomputeError `NO_MATCHING_WRITER_PROFILE` (exit 2) naming the closest profile
 *   (fewest differences) and each difference.
 */
export function detectV1WriterProfile(
  facts: V1WriterFacts,
  filePath: string,
  profiles: readonly V1WriterProfile[] = V1_WRITER_PROFILES,
): V1WriterProfile {
  const ranked = profiles
    .map((profile) => ({ profile, differences: writerProfileDifferences(profile, facts) }))
    .sort((a, b) => a.differences.length - b.differences.length);
  const best = ranked[0];
  if (best && best.differences.length === 0) return best.profile;
  throw v1Errors.noMatchingWriterProfile(filePath, best?.profile.name ?? '(none registered)', best?.differences ?? []);
}
