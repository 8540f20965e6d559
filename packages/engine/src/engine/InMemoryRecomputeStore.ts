import type { ArtefactVersions, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';
import type { AttemptFilter, AttemptKey, HashPartRow, NamePartRow, RecomputeRow, RecomputeStore, SelectionRow } from './RecomputeStore';
import { attemptId, keyId } from './keyId';
import { matchesRestriction } from './matchesRestriction';

/**
 * {@link RecomputeStore} held in memory: engine unit tests and experiments without a
 * database. Single process only.
 */
export class InMemoryRecomputeStore<K extends RecordingKey> implements RecomputeStore<K> {
  private readonly artefacts = new Map<string, StoredArtefact<K>>();
  private readonly versions = new Map<string, ArtefactVersions>();
  private readonly selections = new Map<string, SelectionRow<K>>();
  private readonly recomputes = new Map<string, { row: RecomputeRow<K>; names: NamePartRow[]; hashes: HashPartRow[] }>();

  /** Registers a stored artefact (what `SpikeSortingRecording.populate` would have done). */
  addArtefact(artefact: StoredArtefact<K>): void {
    this.artefacts.set(keyId(artefact.key), artefact);
  }

  async listArtefacts(restriction: Restriction): Promise<Array<StoredArtefact<K>>> {
    return [...this.artefacts.values()].filter((artefact) => matchesRestriction(artefact, restriction));
  }

  async findArtefact(key: K): Promise<StoredArtefact<K> | null> {
    return this.artefacts.get(keyId(key)) ?? null;
  }

  async getVersions(keys: readonly K[]): Promise<Map<string, ArtefactVersions>> {
    const out = new Map<string, ArtefactVersions>();
    for (const key of keys) {
      const found = this.versions.get(keyId(key));
      if (found) out.set(keyId(key), found);
    }
    return out;
  }

  async insertVersions(rows: ReadonlyArray<{ key: K; versions: ArtefactVersions }>): Promise<void> {
    for (const row of rows) if (!this.versions.has(keyId(row.key))) this.versions.set(keyId(row.key), row.versions);
  }

  async listSelections(filter: AttemptFilter<K>): Promise<Array<SelectionRow<K>>> {
    return [...this.selections.values()].filter((row) => this.accepts(filter, row));
  }

  async insertSelections(rows: ReadonlyArray<SelectionRow<K>>): Promise<number> {
    let inserted = 0;
    for (const row of rows) {
      if (this.selections.has(attemptId(row))) continue;
      this.selections.set(attemptId(row), { ...row });
      inserted += 1;
    }
    return inserted;
  }

  async deleteSelections(keys: ReadonlyArray<AttemptKey<K>>): Promise<void> {
    for (const key of keys) {
      this.selections.delete(attemptId(key));
      this.recomputes.delete(attemptId(key));
    }
  }

  async listRecomputes(filter: AttemptFilter<K>): Promise<Array<RecomputeRow<K>>> {
    return [...this.recomputes.values()].map((entry) => ({ ...entry.row })).filter((row) => this.accepts(filter, row));
  }

  async getParts(key: AttemptKey<K>): Promise<{ names: NamePartRow[]; hashes: HashPartRow[] }> {
    const entry = this.recomputes.get(attemptId(key));
    return { names: [...(entry?.names ?? [])], hashes: [...(entry?.hashes ?? [])] };
  }

  async writeRecompute(row: RecomputeRow<K>, names: readonly NamePartRow[], hashes: readonly HashPartRow[]): Promise<void> {
    this.recomputes.set(attemptId(row), { row: { ...row }, names: [...names], hashes: [...hashes] });
  }

  async updateRecompute(key: AttemptKey<K>, patch: { deleted?: boolean; createdAt?: Date | null }): Promise<boolean> {
    const entry = this.recomputes.get(attemptId(key));
    if (!entry) return false;
    entry.row = { ...entry.row, ...patch };
    return true;
  }

  private accepts(filter: AttemptFilter<K>, row: AttemptKey<K>): boolean {
    if (filter.envId !== undefined && row.envId !== filter.envId) return false;
    if (filter.recordings === undefined) return true;
    const wanted = new Set(filter.recordings.map((key) => keyId(key)));
    return wanted.has(keyId(row.recording));
  }
}
