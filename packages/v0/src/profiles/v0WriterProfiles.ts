import { v0Errors } from '../recording/v0Errors';
import type { V0WriterProfile } from './V0WriterProfile';

/**
 * The v0 writers we reproduce. The traces are the same for both (measured in
 * `shared/fixtures/multiversion/README.md`); only the JSON dialect differs.
 */
export const V0_WRITER_PROFILES: readonly V0WriterProfile[] = Object.freeze<V0WriterProfile[]>([
  {
    name: 'si-0.99',
    description: 'spikeinterface 0.99.1 / probeinterface 0.2.28',
    spikeinterfaceVersion: '0.99.1',
    probeinterfaceVersion: '0.2.28',
    // Spyglass 0.5.4's pins (December 2024): `shared/fixtures/spyglass-db-2024`'s v0 folders differ
    // from the reference ones only in probe.json's `version` and hash the same.
    probeinterfaceVersionsAlsoMatched: ['0.2.24'],
    probeAnnotations: {},
  },
  {
    name: 'si-0.98',
    description: 'spikeinterface 0.98.2 / probeinterface 0.2.17 (probes annotated {"name": ""})',
    spikeinterfaceVersion: '0.98.2',
    probeinterfaceVersion: '0.2.17',
    probeAnnotations: { name: '' },
  },
]);

/** The profile new folders get without `--writer-profile` (today's writer). */
export const DEFAULT_V0_WRITER_PROFILE = 'si-0.99';

/**
 * The registered profile called `name`.
 *
 * @throws RecomputeError `WRITER_PROFILE_UNKNOWN` (exit 2) naming the registered profiles.
 */
export function v0WriterProfile(name: string = DEFAULT_V0_WRITER_PROFILE): V0WriterProfile {
  const profile = V0_WRITER_PROFILES.find((p) => p.name === name);
  if (!profile) {
    const known = V0_WRITER_PROFILES.map((p) => p.name);
    throw v0Errors.writerProfileUnknown(name, known);
  }
  return profile;
}
