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
  findPlainRows,
  normalizeUuid,
  refreshExternalChecksum,
  spyglassSchemaPrefixOf,
} from '@spyglass-recompute/schema';
import { analysisFilePath, v1ArtefactRoot } from '../nwb/analysisFileName';

/** Primary key of a v1 recording (`SpikeSortingRecording.recording_id`, a uuid). */
export interface V1RecordingKey {
  [column: string]: string;
  recording_id: string;
}

type Row = Record<string, unknown>;

/** Keys per `IN (…)` list when joining rows in batches (well under SQLite's bound-parameter limit). */
const JOIN_BATCH = 1000;

/**
 * The v1 recording as the engine sees it: official path from `AnalysisNwbfile` (Spyglass layout:
 * Spyglass's path rule under the local analysis root), and as
 * attributes the selection columns (restriction fields) plus the stored object ids that
 * regeneration reuses.
 */
export async function v1StoredArtefact(
  row: Row,
  em: EntityManager,
  roots: Pick<DataRoots, 'analysis'>,
): Promise<StoredArtefact<V1RecordingKey>> {
  return (await v1StoredArtefacts([row], em, roots))[0]!;
}

/**
 * {@link v1StoredArtefact} for many recording rows, in their order: `AnalysisNwbfile` and
 * `SpikeSortingRecordingSelection` are each read once per {@link JOIN_BATCH} recordings (not twice
 * per recording), as plain rows, so `status` over thousands of recordings stays a few queries.
 */
export async function v1StoredArtefacts(
  rows: readonly Row[],
  em: EntityManager,
  roots: Pick<DataRoots, 'analysis'>,
): Promise<Array<StoredArtefact<V1RecordingKey>>> {
  // Spyglass layout: `analysis_file_abs_path` is the *registered* path (recorded store location +
  // `~external_analysis.filepath`, which may be another machine's mount); the file this machine
  // deletes and regenerates is the same relative path under its own analysis root, so the
  // analysis rows are not needed.
  const ownLayout = spyglassSchemaPrefixOf(em) === null;
  const recordingIds = rows.map((row) => normalizeUuid(String(row.recording_id)));
  const analysisFileNames = rows.map((row) => String(row.analysis_file_name));
  const registeredPaths = ownLayout
    ? byColumn(await findInBatches(em, AnalysisNwbfile, 'analysis_file_name', analysisFileNames), 'analysis_file_name')
    : new Map<string, Row>();
  const selections = byColumn(await findInBatches(em, SpikeSortingRecordingSelectionV1, 'recording_id', recordingIds), 'recording_id');
  return rows.map((row, index) => {
    const recordingId = recordingIds[index]!;
    const analysisFileName = analysisFileNames[index]!;
    const registered = registeredPaths.get(analysisFileName)?.analysis_file_abs_path as string | undefined;
    const selection = selections.get(recordingId);
    const filePath = registered ?? analysisFilePath(v1ArtefactRoot(roots), analysisFileName);
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
        nwb_file_name: (selection?.nwb_file_name as string | undefined) ?? null,
        sort_group_id: selection ? Number(selection.sort_group_id) : null,
        interval_list_name: (selection?.interval_list_name as string | undefined) ?? null,
        preproc_param_name: (selection?.preproc_param_name as string | undefined) ?? null,
        team_name: (selection?.team_name as string | undefined) ?? null,
      },
    };
  });
}

/**
 * Rows of `entity` whose `column` is one of `values` (distinct), one query per {@link JOIN_BATCH};
 * or, when that would take several queries and the table holds at most twice as many rows as
 * are wanted (e.g. `status` over every recording), the whole table in one query: building
 * thousand-value `IN` lists cost several times more CPU than reading the rows (issue 15). The
 * callers look rows up by value ({@link byColumn}), so extra rows are never seen.
 */
async function findInBatches(
  em: EntityManager,
  entity: Parameters<typeof findPlainRows>[1],
  column: string,
  values: readonly string[],
): Promise<Row[]> {
  const distinct = [...new Set(values)];
  if (distinct.length > JOIN_BATCH && (await em.count(entity)) <= 2 * distinct.length) return findPlainRows(em, entity, {});
  const rows: Row[] = [];
  for (let start = 0; start < distinct.length; start += JOIN_BATCH) {
    rows.push(...(await findPlainRows(em, entity, { [column]: { $in: distinct.slice(start, start + JOIN_BATCH) } })));
  }
  return rows;
}

/**
 * Rows by the value of `column`. MySQL/MariaDB compare these names case-insensitively, as the
 * single-row lookups this replaces did, so a name that differs only in case still finds its row
 * (the case-folded index is built on the first miss).
 */
function byColumn(rows: readonly Row[], column: string): { get(value: string): Row | undefined } {
  const exact = new Map(rows.map((row) => [String(row[column]), row]));
  let folded: Map<string, Row> | undefined;
  return {
    get: (value) => {
      const row = exact.get(value);
      if (row !== undefined) return row;
      folded ??= new Map(rows.map((candidate) => [String(candidate[column]).toLowerCase(), candidate]));
      return folded.get(value.toLowerCase());
    },
  };
}

/**
 * Spyglass layout: DataJoint's fetch of `analysis_file_abs_path` checks the file's size and md5
 * against `~external_analysis`; a regenerated file has the same Spyglass hash but other bytes, so
 * its row is refreshed (as Spyglass's `_resolve_external` does) inside the transaction that records
 * the regeneration, before the file is renamed into place.
 */
async function refreshAnalysisChecksum(
  em: EntityManager,
  schemaPrefix: string,
  artefact: StoredArtefact<V1RecordingKey>,
  verifiedCopy: string,
): Promise<void> {
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
    ...(schemaPrefix !== null
      ? {
          onRegenerated: (txEm: EntityManager, artefact: StoredArtefact<V1RecordingKey>, verifiedCopy: string) =>
            refreshAnalysisChecksum(txEm, schemaPrefix, artefact, verifiedCopy),
        }
      : {}),
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
    toArtefacts: (rows, em) => v1StoredArtefacts(rows, em, roots),
    versionsToColumns: (versions) => ({ nwb_deps: versions }),
    columnsToVersions: (row) => {
      const value = typeof row.nwb_deps === 'string' ? JSON.parse(row.nwb_deps) : row.nwb_deps;
      return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    },
  };
}
