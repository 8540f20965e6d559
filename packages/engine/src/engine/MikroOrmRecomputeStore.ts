import { UniqueConstraintViolationException, type EntityManager, type EntityName } from '@mikro-orm/core';
import { findPlainRows } from '@spyglass-recompute/schema';
import type { ArtefactVersions, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';
import type { AttemptFilter, AttemptKey, HashPartRow, NamePartRow, RecomputeRow, RecomputeStore, SelectionRow } from './RecomputeStore';
import { keyId } from './keyId';
import { matchesRestriction } from './matchesRestriction';
import { retryOnDeadlock } from './retryOnDeadlock';

type Row = Record<string, unknown>;
// The engine is written against any entity: descriptors name them, rows are plain records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = EntityName<any>;

/** The six tables of one pipeline's recompute schema (MikroORM entities). */
export interface RecomputeEntities {
  /** `SpikeSortingRecording`. */
  recording: AnyEntity;
  /** `RecordingRecomputeVersions`. */
  versions: AnyEntity;
  /** `RecordingRecomputeSelection`. */
  selection: AnyEntity;
  /** `RecordingRecompute`. */
  recompute: AnyEntity;
  /** `RecordingRecompute.Name`. */
  namePart: AnyEntity;
  /** `RecordingRecompute.Hash`. */
  hashPart: AnyEntity;
}

/**
 * How a pipeline's tables look: this is all that differs between v0 (composite natural
 * key) and v1 (uuid `recording_id` + `rounding`), so every query below is written once.
 */
export interface RecomputeTableDescriptors<K extends RecordingKey> {
  entities: RecomputeEntities;
  /** Recording primary-key columns, repeated in every table below the recording. */
  keyColumns: readonly string[];
  /** Selection-key columns besides `env_id` (v1: `['rounding']`, v0: `[]`). */
  paramColumns: readonly string[];
  /** Maps a recording row (and its em, for joins) to the artefact the engine sees. */
  toArtefact(row: Row, em: EntityManager): StoredArtefact<K> | Promise<StoredArtefact<K>>;
  /**
   * Maps many recording rows at once, in their order: descriptors whose artefact joins other
   * tables read each joined table once for all rows here, so listing N recordings costs a
   * number of queries that does not grow per recording. @default {@link toArtefact} per row
   */
  toArtefacts?(rows: readonly Row[], em: EntityManager): Promise<Array<StoredArtefact<K>>>;
  /** Versions → columns of the versions table (without the key). */
  versionsToColumns(versions: ArtefactVersions): Row;
  /** Columns of a versions row → versions. */
  columnsToVersions(row: Row): ArtefactVersions;
  /** Key → key columns. @default picks {@link keyColumns} from the key */
  keyToColumns?(key: K): Row;
  /** Key columns → key. @default picks {@link keyColumns} from the row */
  columnsToKey?(row: Row): K;
  /**
   * Runs inside the transaction that records a verified regeneration, before the copy at
   * `verifiedCopy` is renamed to `artefact.path` (e.g. refresh DataJoint's external checksum row).
   */
  onRegenerated?(em: EntityManager, artefact: StoredArtefact<K>, verifiedCopy: string): Promise<void>;
}

/** Above this many keys a filter is applied in memory instead of as one large OR. */
const MAX_OR_BRANCHES = 200;

/**
 * {@link RecomputeStore} over MikroORM (SQLite, MariaDB, MySQL). Each call runs on a fork of
 * the given EntityManager (one unit of work per operation) with native queries, so rows are
 * committed when the promise resolves — the engine relies on that before unlinking files.
 * Reads return plain rows ({@link findPlainRows}: values converted as entities hold them, no
 * managed entities), because hydrating entities dominated `status` over thousands of attempts.
 */
export class MikroOrmRecomputeStore<K extends RecordingKey> implements RecomputeStore<K> {
  /** Present only when the descriptors have an `onRegenerated` step (see {@link RecomputeStore.publishRegenerated}). */
  readonly publishRegenerated?: (artefact: StoredArtefact<K>, verifiedCopy: string) => Promise<void>;

  constructor(
    private readonly em: EntityManager,
    private readonly tables: RecomputeTableDescriptors<K>,
  ) {
    const onRegenerated = tables.onRegenerated;
    if (onRegenerated) {
      this.publishRegenerated = (artefact, verifiedCopy) =>
        retryOnDeadlock(() =>
          this.em.fork().transactional(async (em) => {
            await em.nativeUpdate(this.tables.entities.recompute, { ...this.keyColumns(artefact.key), deleted: true }, { deleted: false });
            await onRegenerated(em, artefact, verifiedCopy);
          }),
        );
    }
  }

  async listArtefacts(restriction: Restriction): Promise<Array<StoredArtefact<K>>> {
    const em = this.em.fork();
    const recordingColumns = new Set(Object.keys(em.getMetadata().get(entityNameOf(this.tables.entities.recording)).properties));
    const where: Row = {};
    for (const [field, value] of Object.entries(restriction)) {
      if (recordingColumns.has(field)) where[field] = Array.isArray(value) ? { $in: value } : value;
    }
    const rows = await findPlainRows(em, this.tables.entities.recording, where);
    const artefacts = await this.toArtefacts(rows, em);
    const residual = this.residual(restriction, recordingColumns);
    return artefacts.filter((artefact) => matchesRestriction(artefact, residual));
  }

  async findArtefact(key: K): Promise<StoredArtefact<K> | null> {
    const em = this.em.fork();
    const [row] = await findPlainRows(em, this.tables.entities.recording, this.keyWhere(key));
    return row ? (await this.toArtefacts([row], em))[0]! : null;
  }

  async getVersions(keys: readonly K[]): Promise<Map<string, ArtefactVersions>> {
    const rows = await this.findByKeys(this.tables.entities.versions, keys, {});
    return new Map(rows.map((row) => [keyId(this.toKey(row)), this.tables.columnsToVersions(row)]));
  }

  async insertVersions(rows: ReadonlyArray<{ key: K; versions: ArtefactVersions }>): Promise<void> {
    for (const row of rows) {
      await this.insertIgnoringDuplicate(this.tables.entities.versions, {
        ...this.keyColumns(row.key),
        ...this.tables.versionsToColumns(row.versions),
      });
    }
  }

  async listSelections(filter: AttemptFilter<K>): Promise<Array<SelectionRow<K>>> {
    const rows = await this.findByKeys(this.tables.entities.selection, filter.recordings, envWhere(filter));
    return rows.map((row) => ({
      ...this.toAttempt(row),
      loggedAtCreation: Boolean(row.logged_at_creation),
      xfailReason: (row.xfail_reason as string | null | undefined) ?? null,
    }));
  }

  async insertSelections(rows: ReadonlyArray<SelectionRow<K>>): Promise<number> {
    let inserted = 0;
    for (const row of rows) {
      const ok = await this.insertIgnoringDuplicate(this.tables.entities.selection, {
        ...this.attemptColumns(row),
        logged_at_creation: row.loggedAtCreation,
        xfail_reason: row.xfailReason,
      });
      if (ok) inserted += 1;
    }
    return inserted;
  }

  async deleteSelections(keys: ReadonlyArray<AttemptKey<K>>): Promise<void> {
    if (keys.length === 0) return;
    await retryOnDeadlock(() =>
      this.em.fork().transactional(async (em) => {
        for (const key of keys) {
          const where = this.attemptColumns(key);
          // Explicit child-first deletes: do not rely on the driver enabling FK cascades.
          await em.nativeDelete(this.tables.entities.namePart, where);
          await em.nativeDelete(this.tables.entities.hashPart, where);
          await em.nativeDelete(this.tables.entities.recompute, where);
          await em.nativeDelete(this.tables.entities.selection, where);
        }
      }),
    );
  }

  async listRecomputes(filter: AttemptFilter<K>): Promise<Array<RecomputeRow<K>>> {
    const rows = await this.findByKeys(this.tables.entities.recompute, filter.recordings, envWhere(filter));
    return rows.map((row) => ({
      ...this.toAttempt(row),
      matched: Boolean(row.matched),
      errMsg: (row.err_msg as string | null | undefined) ?? null,
      createdAt: toDate(row.created_at),
      deleted: Boolean(row.deleted),
    }));
  }

  async getParts(key: AttemptKey<K>): Promise<{ names: NamePartRow[]; hashes: HashPartRow[] }> {
    const em = this.em.fork();
    const where = this.attemptColumns(key);
    const names = await findPlainRows(em, this.tables.entities.namePart, where, { orderBy: { name: 'asc' } });
    const hashes = await findPlainRows(em, this.tables.entities.hashPart, where, { orderBy: { name: 'asc' } });
    return {
      names: names.map((row) => ({ name: String(row.name), missingFrom: row.missing_from as 'old' | 'new' })),
      hashes: hashes.map((row) => ({
        name: String(row.name),
        algorithm: (row.hash_algorithm as string | null) ?? null,
        oldHash: (row.old_hash as string | null) ?? null,
        newHash: (row.new_hash as string | null) ?? null,
        maxAbsDiff: toNumber(row.max_abs_diff),
        maxRelDiff: toNumber(row.max_rel_diff),
      })),
    };
  }

  async writeRecompute(row: RecomputeRow<K>, names: readonly NamePartRow[], hashes: readonly HashPartRow[]): Promise<void> {
    const where = this.attemptColumns(row);
    // Deleting rows that do not exist takes gap locks on InnoDB, which deadlock concurrent
    // writers of other keys: only delete when a previous result exists (recheck).
    const exists = (await this.em.fork().count(this.tables.entities.recompute, where)) > 0;
    await retryOnDeadlock(() =>
      this.em.fork().transactional(async (em) => {
        if (exists) {
          await em.nativeDelete(this.tables.entities.namePart, where);
          await em.nativeDelete(this.tables.entities.hashPart, where);
          await em.nativeDelete(this.tables.entities.recompute, where);
        }
        await em.insert(this.tables.entities.recompute, {
          ...where,
          matched: row.matched,
          err_msg: row.errMsg,
          created_at: row.createdAt,
          deleted: row.deleted,
        });
        const uniqueNames = new Map(names.map((name) => [`${name.name}\u0000${name.missingFrom}`, name]));
        for (const name of uniqueNames.values()) {
          await em.insert(this.tables.entities.namePart, { ...where, name: name.name.slice(0, 255), missing_from: name.missingFrom });
        }
        for (const hash of new Map(hashes.map((h) => [h.name, h])).values()) {
          await em.insert(this.tables.entities.hashPart, {
            ...where,
            name: hash.name.slice(0, 255),
            hash_algorithm: hash.algorithm,
            old_hash: hash.oldHash,
            new_hash: hash.newHash,
            max_abs_diff: finiteOrNull(hash.maxAbsDiff),
            max_rel_diff: finiteOrNull(hash.maxRelDiff),
          });
        }
      }),
    );
  }

  async updateRecompute(key: AttemptKey<K>, patch: { deleted?: boolean; createdAt?: Date | null }): Promise<boolean> {
    const set: Row = {};
    if (patch.deleted !== undefined) set.deleted = patch.deleted;
    if (patch.createdAt !== undefined) set.created_at = patch.createdAt;
    const affected = await retryOnDeadlock(() =>
      this.em.fork().nativeUpdate(this.tables.entities.recompute, this.attemptColumns(key), set),
    );
    return affected > 0;
  }

  private residual(restriction: Restriction, recordingColumns: Set<string>): Restriction {
    // Fields already applied in SQL are dropped; the rest (joined attributes) are matched here.
    const out: Restriction = {};
    for (const [field, value] of Object.entries(restriction)) if (!recordingColumns.has(field)) out[field] = value;
    return out;
  }

  private async findByKeys(entity: AnyEntity, keys: readonly K[] | undefined, extra: Row): Promise<Row[]> {
    const em = this.em.fork();
    if (keys !== undefined && keys.length === 0) return [];
    if (keys === undefined || keys.length > MAX_OR_BRANCHES) {
      const rows = await findPlainRows(em, entity, extra);
      if (keys === undefined) return rows;
      const wanted = new Set(keys.map((key) => keyId(key)));
      return rows.filter((row) => wanted.has(keyId(this.toKey(row))));
    }
    // One OR of plain conditions rather than a tuple IN: tuple conditions drop custom
    // (uuid) types on MikroORM 6 and silently match nothing.
    const where = { ...extra, $or: keys.map((key) => this.keyWhere(key)) };
    return findPlainRows(em, entity, where);
  }

  private async toArtefacts(rows: readonly Row[], em: EntityManager): Promise<Array<StoredArtefact<K>>> {
    if (this.tables.toArtefacts) return this.tables.toArtefacts(rows, em);
    const artefacts: Array<StoredArtefact<K>> = [];
    for (const row of rows) artefacts.push(await this.tables.toArtefact(row, em));
    return artefacts;
  }

  private async insertIgnoringDuplicate(entity: AnyEntity, data: Row): Promise<boolean> {
    try {
      await this.em.fork().insert(entity, data);
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  private keyColumns(key: K): Row {
    if (this.tables.keyToColumns) return this.tables.keyToColumns(key);
    return Object.fromEntries(this.tables.keyColumns.map((column) => [column, key[column]]));
  }

  private keyWhere(key: K): Row {
    return this.keyColumns(key);
  }

  private toKey(row: Row): K {
    if (this.tables.columnsToKey) return this.tables.columnsToKey(row);
    return Object.fromEntries(this.tables.keyColumns.map((column) => [column, row[column]])) as K;
  }

  private attemptColumns(attempt: AttemptKey<K>): Row {
    const params = Object.fromEntries(this.tables.paramColumns.map((column) => [column, attempt.params[column]]));
    return { ...this.keyColumns(attempt.recording), env_id: attempt.envId, ...params };
  }

  private toAttempt(row: Row): AttemptKey<K> {
    const params = Object.fromEntries(this.tables.paramColumns.map((column) => [column, Number(row[column])]));
    return { recording: this.toKey(row), envId: String(row.env_id), params };
  }
}

function envWhere(filter: { envId?: string }): Row {
  return filter.envId === undefined ? {} : { env_id: filter.envId };
}

function entityNameOf(entity: AnyEntity): string {
  if (typeof entity === 'string') return entity;
  const named = entity as { name?: string; meta?: { className?: string } };
  return named.meta?.className ?? named.name ?? String(entity);
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value as string);
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
