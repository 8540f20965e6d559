import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Key of our generator's version in `RecordingRecomputeVersions.nwb_deps`. */
export const V1_GENERATOR_KEY = 'spyglass-recompute-v1';

/**
 * Version of this package (the generator of v1 files), read from its package.json: the
 * same two levels up from `src/pipeline` (jest) and `dist/pipeline` (built).
 */
export function v1GeneratorVersion(): string {
  const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version?: string };
  return String(manifest.version ?? '0.0.0');
}

/**
 * @deprecated The `pynwb-2.3` writer profile's namespaces; use `V1_WRITER_PROFILES` and
 * `writerProfileMismatch`, which know every profile.
 *
 * NWB namespace versions our analysis-file writer reproduces (pynwb 2.3.1 / hdmf 3.5.1, the
 * versions of the golden files): a file declaring another version was laid out by a
 * different writer and cannot be expected to regenerate byte-for-byte.
 */
export const SUPPORTED_NAMESPACES: Readonly<Record<string, string>> = Object.freeze({
  core: '2.6.0-alpha',
  'hdmf-common': '1.5.1',
  'hdmf-experimental': '0.2.0',
});

/**
 * @deprecated Checks the `pynwb-2.3` profile only; use `writerProfileMismatch`.
 *
 * Why `versions` (a file's cached namespaces) cannot be reproduced by our writer, or null.
 */
export function unsupportedNamespaces(versions: Record<string, string>): string | null {
  const wrong = Object.entries(SUPPORTED_NAMESPACES)
    .filter(([name, version]) => versions[name] !== undefined && versions[name] !== version)
    .map(([name, version]) => `${name} ${versions[name]} (writer makes ${version})`);
  return wrong.length > 0 ? `unsupported NWB namespace versions: ${wrong.join(', ')}` : null;
}
