import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import type { DataRoots } from '@spyglass-recompute/nwb';
import type { RecomputeTableDescriptors, StoredArtefact } from '@spyglass-recompute/engine';
import {
  AnalysisNwbfile,
  RecordingRecomputeHashV1,
  RecordingRecomputeNameV1,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV1,
  RecordingRecomputeVersionsV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  normalizeUuid,
  refreshExternalChecksum,
  spyglassSchemaPrefixOf,
} from '@spyglass-recompute/schema';
import { analysisFilePath } from '../nwb/analysisFileName';

/** Primary key of a v1 recording (`SpikeSortingRecording.recording_id`, a uuid). */
export interface V1RecordingKey {
  [column: string]: string;
  recording_id: string;
}

type Row = Record<string, unknown>;

/**
 * The v1 recording as the engine sees it: official path from `AnalysisNwbfile` (Spyglass layout:
 * Spyglass's path rule under the local analysis root), and as
 * attributes the selection columns (restriction fields) plus the stored object ids that
 * regeneration reuses.
 */
export async function v1StoredArtefact(row: Row, em: EntityManager, roots: Pick<DataRoots, 'analysis'>): Promise<StoredArtefact<V1RecordingKey>> {
  const recordingId = normalizeUuid(String(row.recording_id));
  const analysisFileName = String(row.analysis_file_name);
  const analysis = await em.findOne(AnalysisNwbfile, { analysis_file_name: analysisFileName });
  const selection = await em.findOne(SpikeSortingRecordingSelectionV1, { recording_id: recordingId });
  // Spyglass layout: `analysis_file_abs_path` is the *registered* path (recorded store location +
  // `~external_analysis.filepath`, which may be another machine's mount); the file this machine
  // deletes and regenerates is the same relative path under its own analysis root.
  const registered = spyglassSchemaPrefixOf(em) === null ? analysis?.analysis_file_abs_path : undefined;
  const filePath = registered ?? analysisFilePath(roots.analysis, analysisFileName);
  return {
    key: { recording_id: recordingId },
    path: filePath,
    relativePath: path.join(path.basename(path.dirname(filePath)), path.basename(filePath)),
    hash: (row.hash as string | null | undefined) ?? null,
    attributes: {
      analysis_file_name: analysisFileName,
      object_id: (row.object_id as string | null | undefined) ?? null,
      electrodes_id: (row.electrodes_id as string | null | undefined) ?? null,
      hash_algorithm: (row.hash_algorithm as string | null | undefined) ?? null,
      nwb_file_name: selection?.nwb_file_name ?? null,
      sort_group_id: selection ? Number(selection.sort_group_id) : null,
      interval_list_name: selection?.interval_list_name ?? null,
      preproc_param_name: selection?.preproc_param_name ?? null,
      team_name: selection?.team_name ?? null,
    },
  };
}

/**
 * Spyglass layout: DataJoint's fetch of `analysis_file_abs_path` checks the file's size and md5
 * against `~external_analysis`; a regenerated file has the same Spyglass hash but other bytes, so
 * its row is refreshed (as Spyglass's `_resolve_external` does) inside the transaction that records
 * the regeneration, before the file is renamed into place.
 */
async function refreshAnalysisChecksum(em: EntityManager, schemaPrefix: string, artefact: StoredArtefact<V1RecordingKey>, verifiedCopy: string): Promise<void> {
  const connection = em.getConnection();
  const transaction = em.getTransactionContext();
  await refreshExternalChecksum(
    async (sql, params) => (await connection.execute(sql, params ?? [], 'all', transaction)) as Array<Record<string, unknown>>,
    { schemaPrefix, store: 'analysis', filepath: artefact.relativePath.split(path.sep).join('/'), absolutePath: verifiedCopy },
  );
}

/**
 * How the engine's MikroORM store reads and writes the v1 tables (uuid key, `rounding` param).
 * `em` tells the layout: on a Spyglass database a regeneration also refreshes the file's
 * `~external_analysis` row.
 */
export function v1TableDescriptors(roots: Pick<DataRoots, 'analysis'>, em?: EntityManager): RecomputeTableDescriptors<V1RecordingKey> {
  const schemaPrefix = em ? spyglassSchemaPrefixOf(em) : null;
  return {
    ...(schemaPrefix !== null ? { onRegenerated: (txEm: EntityManager, artefact: StoredArtefact<V1RecordingKey>, verifiedCopy: string) => refreshAnalysisChecksum(txEm, schemaPrefix, artefact, verifiedCopy) } : {}),
    entities: {
      recording: SpikeSortingRecordingV1,
      versions: RecordingRecomputeVersionsV1,
      selection: RecordingRecomputeSelectionV1,
      recompute: RecordingRecomputeV1,
      namePart: RecordingRecomputeNameV1,
      hashPart: RecordingRecomputeHashV1,
    },
    keyColumns: ['recording_id'],
    paramColumns: ['rounding'],
    keyToColumns: (key) => ({ recording_id: normalizeUuid(key.recording_id) }),
    columnsToKey: (row) => ({ recording_id: normalizeUuid(String(row.recording_id)) }),
    toArtefact: (row, em) => v1StoredArtefact(row, em, roots),
    versionsToColumns: (versions) => ({ nwb_deps: versions }),
    columnsToVersions: (row) => {
      const value = typeof row.nwb_deps === 'string' ? JSON.parse(row.nwb_deps) : row.nwb_deps;
      return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    },
  };
}
