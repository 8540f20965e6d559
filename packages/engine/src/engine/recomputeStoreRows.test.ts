import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { ForeignKeyConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { keyId } from './keyId';
import { MikroOrmRecomputeStore, type RecomputeTableDescriptors } from './MikroOrmRecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import type { SelectionRow } from './RecomputeStore';
import {
  clearFakeTables,
  fakeV1Descriptors,
  nameToUuid,
  registerFakeRecording,
  seedFakeParents,
  uuidToName,
} from './test-support/fakeV1Tables';
import type { FakeKey } from './test-support/FakePipeline';

/*
 * The MikroORM store's own rules, row by row, on the real v1 tables: descriptors that leave the
 * key mapping to the store (key columns taken as they are), duplicate inserts, part rows cut and
 * de-duplicated as the columns allow, many-key filters, and the regeneration hook.
 */
type V1Key = { recording_id: string };

const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';

/** The fake v1 tables with the key mapping left to the store's defaults (`keyColumns` picked as they are). */
function defaultKeyDescriptors(onRegenerated?: RecomputeTableDescriptors<V1Key>['onRegenerated']): RecomputeTableDescriptors<V1Key> {
  const { entities, paramColumns, versionsToColumns, columnsToVersions } = fakeV1Descriptors(() => {
    throw new Error('unused');
  });
  return {
    entities,
    keyColumns: ['recording_id'],
    paramColumns,
    versionsToColumns,
    columnsToVersions,
    toArtefact: (row) => {
      const name = uuidToName(String(row.recording_id));
      return {
        key: { recording_id: String(row.recording_id) },
        path: `/data/${name}.nwb`,
        relativePath: `${name}.nwb`,
        hash: (row.hash as string | null) ?? null,
        attributes: { group: name.slice(0, 2) },
      };
    },
    ...(onRegenerated ? { onRegenerated } : {}),
  };
}

const key = (name: string): V1Key => ({ recording_id: nameToUuid(name) });
const selection = (name: string, envId: string, rounding = 4, extra: Partial<SelectionRow<V1Key>> = {}): SelectionRow<V1Key> => ({
  recording: key(name),
  envId,
  params: { rounding },
  loggedAtCreation: false,
  xfailReason: null,
  ...extra,
});

for (const backend of testBackends()) {
  describe(`MikroOrmRecomputeStore rows (${backend})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      await seedFakeParents(db.orm.em, [ENV, OTHER_ENV]);
    });
    afterAll(async () => db?.drop());

    /** Recording rows for `names`, with versions rows for `versioned` (selections need them). */
    async function register(names: string[], versioned: readonly string[] = names): Promise<void> {
      await clearFakeTables(db.orm.em);
      for (const name of names) {
        const artefact: StoredArtefact<FakeKey> = {
          key: { name },
          path: `/data/${name}.nwb`,
          relativePath: `${name}.nwb`,
          hash: `hash-${name}`,
          attributes: {},
        };
        await registerFakeRecording(db.orm.em, artefact);
      }
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertVersions(versioned.map((name) => ({ key: key(name), versions: { gen: '1.0.0' } })));
    }

    it('lists and finds recordings by key columns (in SQL) and other attributes (after mapping)', async () => {
      await register(['aa1', 'aa2', 'bb1']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      const names = (artefacts: Array<StoredArtefact<V1Key>>) => artefacts.map((a) => uuidToName(a.key.recording_id)).sort();
      expect(names(await store.listArtefacts({}))).toEqual(['aa1', 'aa2', 'bb1']);
      expect(names(await store.listArtefacts({ recording_id: nameToUuid('aa2') }))).toEqual(['aa2']);
      expect(names(await store.listArtefacts({ group: 'aa' }))).toEqual(['aa1', 'aa2']);
      expect(names(await store.listArtefacts({ recording_id: [nameToUuid('aa1'), nameToUuid('bb1')], group: 'bb' }))).toEqual(['bb1']);
      expect(await store.findArtefact(key('aa1'))).toMatchObject({ key: key('aa1'), hash: 'hash-aa1' });
      expect(await store.findArtefact(key('zz9'))).toBeNull();
      expect(store.publishRegenerated).toBeUndefined();
    });

    it('recording columns are restricted in SQL only: a list of values is an IN, and a column the artefact does not carry still matches', async () => {
      await register(['aa1', 'aa2', 'bb1']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      const names = (artefacts: Array<StoredArtefact<V1Key>>) => artefacts.map((a) => uuidToName(a.key.recording_id)).sort();
      // A list of key values alone (no attribute left to narrow after mapping) must still narrow.
      expect(names(await store.listArtefacts({ recording_id: [nameToUuid('aa1'), nameToUuid('bb1')] }))).toEqual(['aa1', 'bb1']);
      // `analysis_file_name` is a column of the recording table but neither a key field nor an
      // attribute of the mapped artefact: matched again after mapping, it would match nothing.
      expect(names(await store.listArtefacts({ analysis_file_name: 'fake_aa2.nwb' }))).toEqual(['aa2']);
      expect(names(await store.listArtefacts({ analysis_file_name: ['fake_aa1.nwb', 'fake_bb1.nwb'], group: 'bb' }))).toEqual(['bb1']);
    });

    it('versions and selections: a duplicate insert is ignored (the first row stays) and not counted', async () => {
      await register(['aa1', 'aa2', 'aa3'], []);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertVersions([{ key: key('aa1'), versions: { gen: '1.0.0' } }]);
      await store.insertVersions([
        { key: key('aa1'), versions: { gen: '2.0.0' } },
        { key: key('aa2'), versions: { gen: '2.0.0' } },
      ]);
      expect(await store.getVersions([key('aa1'), key('aa2'), key('aa3')])).toEqual(
        new Map([
          [keyId(key('aa1')), { gen: '1.0.0' }],
          [keyId(key('aa2')), { gen: '2.0.0' }],
        ]),
      );
      expect(await store.getVersions([])).toEqual(new Map());

      const inserted = await store.insertSelections([
        selection('aa1', ENV, 4, { loggedAtCreation: true }),
        selection('aa1', ENV, 4, { xfailReason: 'ignored duplicate' }),
        selection('aa2', OTHER_ENV, 6, { xfailReason: 'known_bad_fixture: x' }),
      ]);
      expect(inserted).toBe(2);
      expect(await store.listSelections({ envId: ENV })).toEqual([selection('aa1', ENV, 4, { loggedAtCreation: true })]);
      expect(await store.listSelections({ recordings: [key('aa2')] })).toEqual([
        selection('aa2', OTHER_ENV, 6, { xfailReason: 'known_bad_fixture: x' }),
      ]);
      expect(await store.listSelections({ recordings: [] })).toEqual([]);

      // Only a duplicate is ignored: any other failure (here an environment that does not exist,
      // a foreign-key violation) is thrown, not reported as "already there".
      await expect(store.insertSelections([selection('aa3', 'no_such_env_00')])).rejects.toThrow(ForeignKeyConstraintViolationException);
      await expect(store.insertVersions([{ key: key('zz9'), versions: { gen: '1.0.0' } }])).rejects.toThrow(
        ForeignKeyConstraintViolationException,
      );
      expect(await store.listSelections({ recordings: [key('aa3')] })).toEqual([]);
    });

    it('result rows: parts are de-duplicated, part names cut to 255, non-finite differences stored as NULL; a rewrite replaces them', async () => {
      await register(['aa1', 'aa2']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertSelections([selection('aa1', ENV), selection('aa2', ENV)]);
      const attempt = { recording: key('aa1'), envId: ENV, params: { rounding: 4 } };
      const createdAt = new Date('2026-01-05T10:00:00Z');
      const long = 'x'.repeat(300);
      const longHash = 'y'.repeat(300);
      const hash = { algorithm: 'md5', oldHash: 'o', newHash: 'n', maxAbsDiff: 0.5, maxRelDiff: 0.25 };
      await store.writeRecompute(
        { ...attempt, matched: false, errMsg: null, createdAt, deleted: false },
        [
          { name: 'b', missingFrom: 'old' },
          { name: 'b', missingFrom: 'old' },
          { name: 'b', missingFrom: 'new' },
          { name: long, missingFrom: 'new' },
        ],
        [
          { name: 'z', ...hash },
          { name: 'a', ...hash, maxAbsDiff: Number.POSITIVE_INFINITY, maxRelDiff: Number.NaN },
          { name: 'z', ...hash, newHash: 'later' },
          { name: longHash, ...hash },
        ],
      );
      const parts = await store.getParts(attempt);
      expect(parts.names).toEqual(
        expect.arrayContaining([
          { name: 'b', missingFrom: 'old' },
          { name: 'b', missingFrom: 'new' },
          { name: 'x'.repeat(255), missingFrom: 'new' },
        ]),
      );
      expect(parts.names).toHaveLength(3);
      expect(parts.hashes).toEqual([
        { name: 'a', algorithm: 'md5', oldHash: 'o', newHash: 'n', maxAbsDiff: null, maxRelDiff: null },
        { name: 'y'.repeat(255), algorithm: 'md5', oldHash: 'o', newHash: 'n', maxAbsDiff: 0.5, maxRelDiff: 0.25 },
        { name: 'z', algorithm: 'md5', oldHash: 'o', newHash: 'later', maxAbsDiff: 0.5, maxRelDiff: 0.25 },
      ]);
      expect(await store.listRecomputes({ recordings: [key('aa1')] })).toEqual([
        { ...attempt, matched: false, errMsg: null, createdAt, deleted: false },
      ]);

      await store.writeRecompute({ ...attempt, matched: true, errMsg: null, createdAt, deleted: false }, [], []);
      expect(await store.getParts(attempt)).toEqual({ names: [], hashes: [] });
      expect(await store.listRecomputes({})).toEqual([{ ...attempt, matched: true, errMsg: null, createdAt, deleted: false }]);

      expect(await store.updateRecompute({ ...attempt, recording: key('aa2') }, { deleted: true })).toBe(false);
      const later = new Date('2026-02-01T00:00:00Z');
      expect(await store.updateRecompute(attempt, { createdAt: later })).toBe(true);
      expect(await store.listRecomputes({ envId: ENV })).toEqual([
        { ...attempt, matched: true, errMsg: null, createdAt: later, deleted: false },
      ]);
      expect(await store.updateRecompute(attempt, { deleted: true })).toBe(true);
      expect(await store.listRecomputes({ envId: ENV })).toEqual([
        { ...attempt, matched: true, errMsg: null, createdAt: later, deleted: true },
      ]);
      expect(await store.listRecomputes({ envId: OTHER_ENV })).toEqual([]);
    });

    it('more keys than one OR can hold are filtered after one unrestricted read', async () => {
      await register(['aa1', 'aa2', 'aa3']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertSelections(['aa1', 'aa2', 'aa3'].map((name) => selection(name, ENV)));
      const many = [key('aa1'), key('aa3'), ...Array.from({ length: 250 }, (_, i) => key(`none${i}`))];
      expect((await store.listSelections({ recordings: many })).map((row) => uuidToName(row.recording.recording_id)).sort()).toEqual([
        'aa1',
        'aa3',
      ]);
      expect((await store.listSelections({ recordings: many, envId: OTHER_ENV })).length).toBe(0);
    });

    it('up to 200 keys are one OR in SQL (only their rows are read); from 201 the table is read once and filtered after', async () => {
      await register(['aa1', 'aa2', 'aa3']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertSelections(['aa1', 'aa2', 'aa3'].map((name) => selection(name, ENV)));
      // Every fork shares the driver: the rows each query returned tell which way the filter went.
      const find = jest.spyOn(db.orm.em.getDriver(), 'find');
      try {
        const readFor = async (count: number) => {
          find.mockClear();
          const keys = [key('aa1'), ...Array.from({ length: count - 1 }, (_, i) => key(`none${i}`))];
          const listed = (await store.listSelections({ recordings: keys })).map((row) => uuidToName(row.recording.recording_id));
          const read = await Promise.all(find.mock.results.map(async (result) => ((await result.value) as unknown[]).length));
          return { listed, read };
        };
        expect(await readFor(200)).toEqual({ listed: ['aa1'], read: [1] });
        expect(await readFor(201)).toEqual({ listed: ['aa1'], read: [3] });
      } finally {
        find.mockRestore();
      }
    });

    it('an ORM that reads NULL as undefined (forceUndefined) still gives null times and differences', async () => {
      await register(['aa1']);
      const store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      await store.insertSelections([selection('aa1', ENV)]);
      const attempt = { recording: key('aa1'), envId: ENV, params: { rounding: 4 } };
      const hash = { name: 'obj', algorithm: null, oldHash: null, newHash: null, maxAbsDiff: null, maxRelDiff: null };
      await store.writeRecompute({ ...attempt, matched: false, errMsg: null, createdAt: null, deleted: false }, [], [hash]);
      db.orm.config.set('forceUndefined', true);
      try {
        expect(await store.listRecomputes({})).toEqual([{ ...attempt, matched: false, errMsg: null, createdAt: null, deleted: false }]);
        expect((await store.getParts(attempt)).hashes).toEqual([hash]);
      } finally {
        db.orm.config.set('forceUndefined', false);
      }
    });

    it('publishRegenerated clears the deleted flags of that recording only, then runs the hook in the same transaction', async () => {
      await register(['aa1', 'aa2']);
      const calls: Array<{ recording: string; copy: string; flagged: number }> = [];
      let store: MikroOrmRecomputeStore<V1Key>;
      const hook = async (em: EntityManager, artefact: StoredArtefact<V1Key>, copy: string) => {
        // Inside the transaction the flag of this recording is already cleared.
        const { entities } = defaultKeyDescriptors();
        const flagged = await em.count(entities.recompute, { recording_id: artefact.key.recording_id, deleted: true });
        calls.push({ recording: uuidToName(artefact.key.recording_id), copy, flagged });
      };
      store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors(hook));
      await store.insertSelections([selection('aa1', ENV), selection('aa1', OTHER_ENV), selection('aa2', ENV)]);
      for (const [name, envId] of [
        ['aa1', ENV],
        ['aa1', OTHER_ENV],
        ['aa2', ENV],
      ] as const) {
        await store.writeRecompute(
          { recording: key(name), envId, params: { rounding: 4 }, matched: true, errMsg: null, createdAt: null, deleted: true },
          [],
          [],
        );
      }
      const [aa1] = await store.listArtefacts({ recording_id: nameToUuid('aa1') });
      await store.publishRegenerated!(aa1!, '/data/.aa1.nwb.regen-x');
      expect(calls).toEqual([{ recording: 'aa1', copy: '/data/.aa1.nwb.regen-x', flagged: 0 }]);
      const flags = (await store.listRecomputes({}))
        .map((row) => `${uuidToName(row.recording.recording_id)}/${row.envId}:${row.deleted}`)
        .sort();
      expect(flags).toEqual([`aa1/${OTHER_ENV}:false`, `aa1/${ENV}:false`, `aa2/${ENV}:true`]);
      store = new MikroOrmRecomputeStore<V1Key>(db.orm.em, defaultKeyDescriptors());
      expect(store.publishRegenerated).toBeUndefined();
    });
  });
}
