import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import { sql } from '@mikro-orm/knex';
import {
  RecordingRecomputeHashV0,
  RecordingRecomputeHashV1,
  RecordingRecomputeNameV0,
  RecordingRecomputeNameV1,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV0,
  RecordingRecomputeV1,
  SortGroupElectrodeV0,
  SortGroupV0,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  RecordingRecomputeVersionsV1,
  UserEnvironment,
  allEntities,
  createTestDatabase,
  testBackends,
  type RecomputeOrm,
  type TestDatabase,
} from './index';
import { ENV, RID, RID2, RID_LOWER, sampleRows, v0Attempt, v1Attempt, type AnyEntityName } from './test-support/sampleRows';

/** Inserts the sample graph plus a second v1 recording (RID2) with attempts at roundings 4 and 6. */
async function seed(orm: RecomputeOrm): Promise<void> {
  const em = orm.em.fork();
  for (const [entity, data] of sampleRows()) em.create(entity, data);
  em.create(SpikeSortingRecordingSelectionV1, {
    recording_id: RID2,
    nwb_file_name: 'mouse20260102_.nwb',
    sort_group_id: 0,
    interval_list_name: 'raw data valid times',
    preproc_param_name: 'default',
    team_name: 'LorenLab',
  });
  em.create(SpikeSortingRecordingV1, {
    recording_id: RID2,
    analysis_file_name: 'mouse20260102_ABCDEF1234.nwb',
    object_id: 'o2',
    electrodes_id: null,
    hash: null,
    hash_algorithm: null,
  });
  em.create(RecordingRecomputeVersionsV1, { recording_id: RID2, nwb_deps: null });
  for (const rounding of [4, 6]) {
    em.create(RecordingRecomputeSelectionV1, { recording_id: RID2, env_id: ENV, rounding });
    em.create(RecordingRecomputeV1, { recording_id: RID2, env_id: ENV, rounding, matched: rounding === 4 });
    em.create(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV, rounding, name: 'processing/ecephys/data' });
  }
  await em.flush();
}

function primaryKeyOf(orm: RecomputeOrm, entity: unknown, data: Record<string, unknown>): Record<string, unknown> {
  const meta = orm.getMetadata().get((entity as { meta: { className: string } }).meta.className);
  return Object.fromEntries(meta.primaryKeys.map((key) => [key, data[key as string]]));
}

describe.each(testBackends())('entities on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    // Children first, so foreign keys never block the wipe.
    const em = db.orm.em.fork();
    for (const entity of [...allEntities].reverse() as AnyEntityName[]) await em.nativeDelete(entity, {});
    await seed(db.orm);
  });

  test('every entity round-trips every column', async () => {
    const rows = sampleRows();
    expect(new Set(rows.map(([entity]) => entity)).size).toBe(allEntities.length);
    const em = db.orm.em.fork();
    for (const [entity, data] of rows) {
      const found = await em.findOneOrFail(entity, primaryKeyOf(db.orm, entity, data));
      expect({ ...wrap(found).toObject() }).toEqual(expect.objectContaining(data));
    }
  });

  test('defaults apply when columns are omitted', async () => {
    const em = db.orm.em.fork();
    const row = await em.findOneOrFail(RecordingRecomputeSelectionV1, { recording_id: RID2, env_id: ENV, rounding: 4 });
    expect(row).toMatchObject({ logged_at_creation: false, xfail_reason: null, rounding: 4 });
    const attempt = await em.findOneOrFail(RecordingRecomputeV1, { recording_id: RID2, env_id: ENV, rounding: 6 });
    expect(attempt.deleted).toBe(false);
    expect(attempt.created_at).toBeInstanceOf(Date);
  });

  test('uuid keys are stored as DataJoint stores them and normalised on input', async () => {
    const em = db.orm.em.fork();
    const raw = await em
      .getConnection()
      .execute(
        backend === 'sqlite'
          ? `select recording_id as v from spikesorting_v1__spike_sorting_recording where object_id = 'o2'`
          : `select hex(recording_id) as v, length(recording_id) as n from spikesorting_v1__spike_sorting_recording where object_id = 'o2'`,
      );
    if (backend === 'sqlite') expect(raw[0].v).toBe(RID2);
    else expect(raw[0]).toMatchObject({ v: RID2.replace(/-/g, '').toUpperCase(), n: 16 });
    // Upper case and hyphen-less spellings find the same row.
    expect((await em.findOneOrFail(SpikeSortingRecordingV1, { recording_id: RID })).recording_id).toBe(RID_LOWER);
    expect((await em.findOneOrFail(SpikeSortingRecordingV1, { recording_id: RID_LOWER.replace(/-/g, '') })).object_id).toBe(
      'd0a1b2c3-0000-4000-8000-000000000001',
    );
    await expect(em.find(SpikeSortingRecordingV1, { recording_id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'UUID_INVALID' });
  });

  describe('composite keys containing the uuid (tuple-condition pitfall)', () => {
    test('find by key object, by PK array, with $in, $or and count', async () => {
      const em = db.orm.em.fork();
      expect(await em.findOne(RecordingRecomputeV1, v1Attempt)).toMatchObject({ matched: true });
      expect(await em.findOne(RecordingRecomputeV1, [RID, ENV, 4])).toMatchObject({ matched: true, recording_id: RID_LOWER });
      em.clear();
      expect(await em.findOne(RecordingRecomputeV1, [RID2, ENV, 6])).toMatchObject({ matched: false });
      const both = await em.find(
        RecordingRecomputeV1,
        { recording_id: { $in: [RID, RID2] } },
        { orderBy: { recording_id: 'asc', rounding: 'asc' } },
      );
      expect(both.map((row) => [row.recording_id, row.rounding])).toEqual(
        [
          [RID_LOWER, 4],
          [RID2, 4],
          [RID2, 6],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      const either = await em.find(RecordingRecomputeV1, { $or: [v1Attempt, { recording_id: RID2, env_id: ENV, rounding: 6 }] });
      expect(either).toHaveLength(2);
      expect(await em.count(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV })).toBe(2);
      expect(await em.count(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV, rounding: 6 })).toBe(1);
      // primary-key tuples in count / nativeUpdate / nativeDelete, single and several
      expect(await em.count(RecordingRecomputeV1, [RID2, ENV, 6])).toBe(1);
      expect(
        await em.count(RecordingRecomputeV1, [
          [RID2, ENV, 6],
          [RID, ENV, 4],
        ]),
      ).toBe(2);
      expect(await em.nativeUpdate(RecordingRecomputeV1, [RID2, ENV, 6], { err_msg: 'by tuple' })).toBe(1);
      expect(
        await em.nativeDelete(RecordingRecomputeHashV1, [
          [RID2, ENV, 6, 'processing/ecephys/data'],
          [RID2, ENV, 4, 'processing/ecephys/data'],
        ]),
      ).toBe(2);
    });

    test('part rows filtered by the master key (the composite FK)', async () => {
      const em = db.orm.em.fork();
      const names = await em.find(RecordingRecomputeNameV1, v1Attempt);
      expect(names.map((row) => [row.name, row.missing_from])).toEqual([['acquisition/ProcessedElectricalSeries', 'old']]);
      const hashes = await em.find(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV, rounding: 6 });
      expect(hashes).toHaveLength(1);
      const master = await em.findOneOrFail(RecordingRecomputeV1, v1Attempt);
      const viaMaster = await em.find(RecordingRecomputeHashV1, {
        recording_id: master.recording_id,
        env_id: master.env_id,
        rounding: master.rounding,
      });
      expect(viaMaster.map((row) => row.max_rel_diff)).toEqual([1e-9]);
    });

    test('join along navigation relations (composite join columns, uuid in the key)', async () => {
      const em = db.orm.em.fork();
      const hashes = await em
        .createQueryBuilder(RecordingRecomputeHashV1, 'h')
        .join('h.master', 'm')
        .join('m.selection', 's')
        .where({ 's.xfail_reason': 'known float drift', 'm.recording_id': RID })
        .getResultList();
      expect(hashes.map((row) => [row.recording_id, row.name])).toEqual([[RID_LOWER, 'processing/ecephys/data']]);
      // Relation filters through em.find: by a parent column, and by the parent's whole key.
      expect(await em.count(RecordingRecomputeHashV1, { master: { matched: false } })).toBe(1);
      expect(await em.count(RecordingRecomputeHashV1, { master: { selection: { logged_at_creation: false }, rounding: 6 } })).toBe(1);
      expect(await em.count(RecordingRecomputeHashV1, { master: { recording_id: RID2, env_id: ENV, rounding: 6 } })).toBe(1);
      expect(await em.count(RecordingRecomputeHashV1, { master: [RID2, ENV, 4] })).toBe(1);
      expect(
        await em.count(RecordingRecomputeHashV1, {
          master: {
            $in: [
              [RID2, ENV, 4],
              [RID, ENV, 4],
            ],
          },
        }),
      ).toBe(2);
      // the same through the query builder
      expect(
        await em
          .createQueryBuilder(RecordingRecomputeHashV1, 'h')
          .where({ master: [RID2, ENV, 4] })
          .getCount(),
      ).toBe(1);
      expect(
        await em
          .createQueryBuilder(RecordingRecomputeHashV1, 'h')
          .where({ master: { recording_id: RID, env_id: ENV, rounding: 4 } })
          .getCount(),
      ).toBe(1);
      // populate loads the parent through the same join
      const [populated] = await em.find(RecordingRecomputeHashV1, v1Attempt, { populate: ['master', 'master.selection'] });
      expect(populated.master?.matched).toBe(true);
      expect(populated.master?.selection?.xfail_reason).toBe('known float drift');
      // v0: five-column key plus env_id, and a chain down to the raw file
      const v0 = await em.find(RecordingRecomputeNameV0, {
        master: { selection: { versions: { recording: { selection: { sortGroup: { sort_reference_electrode_id: -2 } } } } } },
      });
      expect(v0.map((row) => row.name)).toEqual(['probe.json']);
      // ... and a single-column relation
      expect(await em.count(SpikeSortingRecordingV1, { analysisFile: { analysis_parent_nwb_file_name: 'mouse20260102_.nwb' } })).toBe(2);
    });

    test('a raw join by subquery with column references works too', async () => {
      const em = db.orm.em.fork();
      const rows = await em
        .createQueryBuilder(RecordingRecomputeV1, 'r')
        .join(em.createQueryBuilder(RecordingRecomputeSelectionV1, 'sx'), 's', {
          's.recording_id': sql.ref('r.recording_id'),
          's.env_id': sql.ref('r.env_id'),
          's.rounding': sql.ref('r.rounding'),
        })
        .where({ 's.logged_at_creation': false, 'r.recording_id': { $in: [RID, RID2] } })
        .getResultList();
      expect(rows.map((row) => row.recording_id).sort()).toEqual([RID_LOWER, RID2, RID2].sort());
    });

    test('update through the unit of work (single and batched) and nativeUpdate', async () => {
      const em = db.orm.em.fork();
      const one = await em.findOneOrFail(RecordingRecomputeV1, v1Attempt);
      one.err_msg = 'updated';
      await em.flush();
      const two = await em.find(RecordingRecomputeV1, { recording_id: RID2 });
      for (const row of two) row.deleted = true;
      await em.flush();
      expect(await em.nativeUpdate(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV, rounding: 4 }, { max_abs_diff: 3 })).toBe(
        1,
      );
      em.clear();
      expect((await em.findOneOrFail(RecordingRecomputeV1, v1Attempt)).err_msg).toBe('updated');
      expect((await em.find(RecordingRecomputeV1, { recording_id: RID2 })).map((row) => row.deleted)).toEqual([true, true]);
      expect((await em.findOneOrFail(RecordingRecomputeHashV1, { recording_id: RID2, rounding: 4 })).max_abs_diff).toBe(3);
      // refresh re-reads by primary key
      const again = await em.findOneOrFail(RecordingRecomputeV1, v1Attempt);
      await em.nativeUpdate(RecordingRecomputeV1, v1Attempt, { err_msg: 'changed behind the ORM' });
      await em.refresh(again);
      expect(again.err_msg).toBe('changed behind the ORM');
    });

    test('upsert by composite key', async () => {
      const em = db.orm.em.fork();
      await em.upsert(RecordingRecomputeSelectionV1, {
        recording_id: RID2,
        env_id: ENV,
        rounding: 6,
        logged_at_creation: false,
        xfail_reason: 'x',
      });
      em.clear();
      expect((await em.findOneOrFail(RecordingRecomputeSelectionV1, { recording_id: RID2, rounding: 6 })).xfail_reason).toBe('x');
    });

    test('delete via remove(entity), getReference and nativeDelete', async () => {
      const em = db.orm.em.fork();
      const hash = await em.findOneOrFail(RecordingRecomputeHashV1, { recording_id: RID2, env_id: ENV, rounding: 6 });
      em.remove(hash);
      await em.flush();
      em.remove(em.getReference(RecordingRecomputeHashV1, [RID2, ENV, 4, 'processing/ecephys/data']));
      await em.flush();
      expect(await em.count(RecordingRecomputeHashV1, { recording_id: RID2 })).toBe(0);
      expect(await em.nativeDelete(RecordingRecomputeNameV1, v1Attempt)).toBe(1);
      const many = await em.find(RecordingRecomputeV1, { recording_id: { $in: [RID, RID2] } });
      em.remove(many);
      await em.flush();
      expect(await em.count(RecordingRecomputeV1, {})).toBe(0);
      expect(await em.count(RecordingRecomputeSelectionV1, {})).toBe(3);
    });
  });

  test('env_hash is unique', async () => {
    const em = db.orm.em.fork();
    em.create(UserEnvironment, { env_id: 'bob_other_01', env_hash: '0123456789abcdef0123456789abcdef', env: {} });
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  test('part rows need their master (foreign keys are enforced)', async () => {
    const em = db.orm.em.fork();
    em.create(RecordingRecomputeNameV1, { recording_id: RID2, env_id: 'nobody_01', rounding: 4, name: 'x', missing_from: 'old' });
    await expect(em.flush()).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
  });

  test('deleting a RecordingRecompute deletes its Name and Hash parts (v0 and v1)', async () => {
    const em = db.orm.em.fork();
    em.remove(await em.findOneOrFail(RecordingRecomputeV1, v1Attempt));
    em.remove(await em.findOneOrFail(RecordingRecomputeV0, v0Attempt));
    await em.flush();
    expect(await em.count(RecordingRecomputeNameV1, v1Attempt)).toBe(0);
    expect(await em.count(RecordingRecomputeHashV1, v1Attempt)).toBe(0);
    expect(await em.count(RecordingRecomputeHashV1, { recording_id: RID2 })).toBe(2);
    expect(await em.count(RecordingRecomputeNameV0, {})).toBe(0);
    expect(await em.count(RecordingRecomputeHashV0, {})).toBe(0);
  });

  test('deleting a selection cascades down the recompute chain; a SortGroup takes its electrodes', async () => {
    const em = db.orm.em.fork();
    await em.nativeDelete(RecordingRecomputeSelectionV1, { recording_id: RID2, env_id: ENV, rounding: 6 });
    expect(await em.count(RecordingRecomputeV1, { recording_id: RID2 })).toBe(1);
    expect(await em.count(RecordingRecomputeHashV1, { recording_id: RID2 })).toBe(1);
    await em.nativeDelete(RecordingRecomputeV0, {});
    await em.nativeDelete(RecordingRecomputeSelectionV1, {});
    // RESTRICT: a SortGroup still used by a recording selection cannot go.
    await expect(em.nativeDelete(SortGroupV0, {})).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
  });

  test('a SortGroup takes its SortGroupElectrode part rows', async () => {
    const em = db.orm.em.fork();
    em.create(SortGroupV0, { nwb_file_name: 'mouse20260102_.nwb', sort_group_id: 7 });
    em.create(SortGroupElectrodeV0, { nwb_file_name: 'mouse20260102_.nwb', sort_group_id: 7, electrode_group_name: '0', electrode_id: 1 });
    await em.flush();
    await em.nativeDelete(SortGroupV0, { sort_group_id: 7 });
    expect(await em.count(SortGroupElectrodeV0, { sort_group_id: 7 })).toBe(0);
    expect(await em.count(SortGroupElectrodeV0, { sort_group_id: 0 })).toBe(2);
  });
});
