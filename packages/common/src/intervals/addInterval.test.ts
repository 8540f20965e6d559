import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, IntervalList, SortIntervalV0, flowTestBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { ingestRawNwb } from '../ingest/ingestRawNwb';
import { addInterval } from './addInterval';
import { addSortInterval } from './addSortInterval';

const SHORT = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short');
const golden = JSON.parse(readFileSync(path.join(SHORT, 'golden.json'), 'utf8')) as { sort_interval: [string, string]; t0: number };
const NWB = 'oracle_raw.nwb';
const [START, END] = golden.sort_interval.map(Number);

describe.each(flowTestBackends())('addInterval / addSortInterval (%s)', (backend) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    dir = await mkdtemp(path.join(os.tmpdir(), 'intervals-'));
    await ingestRawNwb(db.orm.em, { rawPath: path.join(SHORT, 'raw', NWB), roots: { raw: path.join(dir, 'raw') } });
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['interval list', addInterval],
    ['sort interval', addSortInterval],
  ] as const)(
    '%s: inserts the golden sort interval exactly, repeats are no-ops, conflicts and bad times are typed errors',
    async (what, add) => {
      const first = await add(db.orm.em, { nwbFileName: NWB, name: 'sortint', start: START, end: END });
      expect(first.inserted).toBe(true);
      expect((await add(db.orm.em, { nwbFileName: NWB, name: 'sortint', start: START, end: END })).inserted).toBe(false);
      await expect(add(db.orm.em, { nwbFileName: NWB, name: 'sortint', start: START, end: END + 0.1 })).rejects.toMatchObject({
        code: 'INTERVAL_EXISTS',
        message: expect.stringContaining('sortint'),
      });
      await expect(add(db.orm.em, { nwbFileName: NWB, name: 'bad', start: END, end: START })).rejects.toMatchObject({
        code: 'INTERVAL_INVALID',
        exitCode: 2,
        message: expect.stringContaining('--start'),
      });
      await expect(add(db.orm.em, { nwbFileName: NWB, name: 'bad', start: golden.t0 - 1, end: START })).rejects.toMatchObject({
        code: 'INTERVAL_INVALID',
        message: expect.stringContaining('outside'),
      });
      await expect(add(db.orm.em, { nwbFileName: NWB, name: 'bad', start: START, end: golden.t0 + 1000 })).rejects.toMatchObject({
        code: 'INTERVAL_INVALID',
      });
      await expect(add(db.orm.em, { nwbFileName: NWB, name: 'bad', start: Number.NaN, end: END })).rejects.toMatchObject({
        code: 'INTERVAL_INVALID',
      });
      await expect(add(db.orm.em, { nwbFileName: 'nope.nwb', name: 'x', start: START, end: END })).rejects.toMatchObject({
        code: 'NWB_FILE_UNKNOWN',
      });
      const em = db.orm.em.fork();
      if (what === 'interval list') {
        const row = await em.findOne(IntervalList, { nwb_file_name: NWB, interval_list_name: 'sortint' });
        expect(row?.valid_times).toEqual([[START, END]]);
      } else {
        const row = await em.findOne(SortIntervalV0, { nwb_file_name: NWB, sort_interval_name: 'sortint' });
        expect(row?.sort_interval).toEqual([START, END]);
      }
    },
  );
});
