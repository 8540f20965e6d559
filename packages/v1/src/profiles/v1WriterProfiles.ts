import { shippedSpecifications, type V1WriterProfile } from './V1WriterProfile';
import { v1Errors } from '../recording/v1Errors';

/**
 * The v1 writers we reproduce. `pynwb-2.3` is the reference stack of the golden fixtures;
 * `late-2024` is Spyglass 0.5.4 as a lab installed it in December 2024 (measured in
 * `shared/fixtures/multiversion/README.md`).
 */
export const V1_WRITER_PROFILES: readonly V1WriterProfile[] = Object.freeze<V1WriterProfile[]>([
  {
    name: 'pynwb-2.3',
    description: 'pynwb 2.3.1 / hdmf 3.5.1 (1 MB chunks), units dropped',
    stack: { pynwb: '2.3.1', hdmf: '3.5.1', spikeinterface: '0.99.1' },
    specifications: shippedSpecifications('pynwb-2.3.json'),
    namespaces: { core: '2.6.0-alpha', 'hdmf-common': '1.5.1', 'hdmf-experimental': '0.2.0' },
    nwbVersion: '2.6.0',
    hdmfChunkMb: 1,
    bufferGb: 5,
    keepUnits: false,
    sourceScript: 'spyglass=recompute',
  },
  {
    name: 'late-2024',
    description: 'Spyglass 0.5.4, pynwb 2.8.2 / hdmf 3.14.5 (10 MB chunks), units kept',
    stack: { spyglass: '0.5.4', pynwb: '2.8.2', hdmf: '3.14.5', spikeinterface: '0.99.1' },
    specifications: shippedSpecifications('late-2024.json'),
    namespaces: { core: '2.7.0', 'hdmf-common': '1.8.0', 'hdmf-experimental': '0.5.0' },
    nwbVersion: '2.7.0',
    hdmfChunkMb: 10,
    bufferGb: 5,
    keepUnits: true,
    sourceScript: 'spyglass=0.5.4',
  },
]);

/** The profile new recordings get without `--writer-profile` (today's writer). */
export const DEFAULT_V1_WRITER_PROFILE = 'pynwb-2.3';

/**
 * The registered profile called `name`.
 *
 * @throws RecomputeError `WRITER_PROFILE_UNKNOWN` (exit 2) naming the registered profiles.
 */
export function v1WriterProfile(name: string = DEFAULT_V1_WRITER_PROFILE): V1WriterProfile {
  const profile = V1_WRITER_PROFILES.find((p) => p.name === name);
  if (!profile)
    throw v1Errors.writerProfileUnknown(
      name,
      V1_WRITER_PROFILES.map((p) => p.name),
    );
  return profile;
}
