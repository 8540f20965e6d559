import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One cached namespace as hdmf writes it under `/specifications/{name}/{version}/`. */
export interface CachedNamespace {
  version: string;
  /** Document name (`namespace`, `nwb.base`, …) → its JSON text, in the writer's order. */
  documents: Record<string, string>;
}

/** `/specifications` as one writer caches it: namespace name → version and documents. */
export type CachedSpecifications = Record<string, CachedNamespace>;

/**
 * Everything that makes one Spyglass + pynwb/hdmf stack's v1 analysis files what they are.
 * A profile is data: adding a writer is adding an entry (and its cached specifications),
 * never a branch in the writer.
 */
export interface V1WriterProfile {
  /** Registry name (`--writer-profile`, stored in the versions row). */
  name: string;
  /** One line for humans: which Spyglass and libraries wrote such files. */
  description: string;
  /** Library versions of the stack, for `status`/README tables. */
  stack: Readonly<Record<string, string>>;
  /**
   * Namespace set hdmf caches in `/specifications` (the hasher hashes it first). A raw
   * file's cached extension namespaces not listed here are copied unchanged.
   */
  specifications: () => CachedSpecifications;
  /** The namespace versions alone (what detection compares without loading documents). */
  namespaces: Readonly<Record<string, string>>;
  /** Root `nwb_version` attribute pynwb writes. */
  nwbVersion: string;
  /**
   * hdmf `GenericDataChunkIterator` default `chunk_mb` (1 up to hdmf 3.8, 10 from 3.9): it
   * sets the HDF5 chunk shape and, with `bufferGb`, the buffer (= filter call) rows.
   */
  hdmfChunkMb: number;
  /** `buffer_gb` Spyglass passes to `SpikeInterfaceRecordingDataChunkIterator`. */
  bufferGb: number;
  /**
   * `AnalysisNwbfile.create` keeps the raw file's `units` table (Spyglass 0.5.4 pops only
   * LabelledDict fields outside NWB_KEEP_FIELDS; later releases drop `units`).
   */
  keepUnits: boolean;
  /** Text of `general/source_script` (the hasher ignores it; detection reads it as a hint). */
  sourceScript: string;
}

/** Directory of the shipped cached-specification files (`src/profiles` and `dist/profiles` alike). */
const SPECIFICATIONS_DIR = path.resolve(__dirname, '../../writer-profiles');

/**
 * Reads a shipped cached-specification file (`writer-profiles/{file}`): documents taken
 * verbatim from a file that writer produced (the file's `source` says which). Read on
 * first use, not at import.
 */
export function shippedSpecifications(file: string): () => CachedSpecifications {
  let cached: CachedSpecifications | undefined;
  return () => {
    cached ??= (JSON.parse(readFileSync(path.join(SPECIFICATIONS_DIR, file), 'utf8')) as { namespaces: CachedSpecifications }).namespaces;
    return cached;
  };
}
