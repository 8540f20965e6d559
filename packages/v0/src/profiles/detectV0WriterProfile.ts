import { v0Errors } from '../recording/v0Errors';
import type { V0WriterProfile } from './V0WriterProfile';
import { V0_WRITER_PROFILES } from './v0WriterProfiles';

/** What a v0 folder's JSON tells about its writer. */
export interface V0WriterFacts {
  /** The one spikeinterface `version` of its JSON documents. */
  spikeinterface: string;
  /** probe.json `version`; empty when the folder has no probe. */
  probeinterface: string;
  /** `annotations` of each probe in probe.json (null: no probe.json). */
  probeAnnotations?: ReadonlyArray<Readonly<Record<string, unknown>>> | null;
}

function sameAnnotations(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Why `profile` did not write a folder with these facts (empty: it did). */
export function v0WriterProfileDifferences(profile: V0WriterProfile, facts: V0WriterFacts): string[] {
  const differences: string[] = [];
  if (facts.spikeinterface !== profile.spikeinterfaceVersion)
    differences.push(`spikeinterface ${facts.spikeinterface || '(unknown)'} (profile writes ${profile.spikeinterfaceVersion})`);
  const probeinterfaceMatched = [profile.probeinterfaceVersion, ...(profile.probeinterfaceVersionsAlsoMatched ?? [])];
  if (facts.probeinterface !== '' && !probeinterfaceMatched.includes(facts.probeinterface)) {
    differences.push(`probeinterface ${facts.probeinterface} (profile writes ${profile.probeinterfaceVersion})`);
  }
  const wrong = (facts.probeAnnotations ?? []).find((a) => !sameAnnotations(a, profile.probeAnnotations));
  if (wrong) differences.push(`probe annotations ${JSON.stringify(wrong)} (profile writes ${JSON.stringify(profile.probeAnnotations)})`);
  return differences;
}

/** The profile with no differences, else the closest one and its differences. */
export function rankV0WriterProfiles(
  facts: V0WriterFacts,
  profiles: readonly V0WriterProfile[] = V0_WRITER_PROFILES,
): { profile: V0WriterProfile; differences: string[] } {
  const ranked = profiles
    .map((profile) => ({ profile, differences: v0WriterProfileDifferences(profile, facts) }))
    .sort((a, b) => a.differences.length - b.differences.length);
  const best = ranked[0];
  if (!best) throw v0Errors.noWriterProfileRegistered();
  return best;
}

/**
 * The registered profile that wrote a folder with these facts (JSON `version` keys and probe
 * annotations). The versions row keeps Spyglass's two columns: the profile follows from
 * them again ({@link rankV0WriterProfiles} without annotations).
 *
 * @throws RecomputeError `NO_MATCHING_WRITER_PROFILE` (exit 2) naming the closest profile and
 *   what differs.
 */
export function detectV0WriterProfile(
  facts: V0WriterFacts,
  folder: string,
  profiles: readonly V0WriterProfile[] = V0_WRITER_PROFILES,
): V0WriterProfile {
  const { profile, differences } = rankV0WriterProfiles(facts, profiles);
  if (differences.length === 0) return profile;
  throw v0Errors.noMatchingWriterProfile(folder, profile.name, differences);
}
