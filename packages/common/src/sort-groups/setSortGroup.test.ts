import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, SortGroupElectrodeV0, SortGroupV1, flowTestBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { ingestRawNwb } from '../ingest/ingestRawNwb';
import { setSortGroup } from './setSortGroup';
import { findSortGroup } from './sortGroupTables';

const SHORT = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short');
const golden = JSON.parse(readFileSync(path.join(SHORT, 'golden.json'), 'utf8')) as {
  sort_groups: Record<string, { electrodes: number[]; ref: number }>;
};
const NWB = 'oracle_raw.nwb';

describe.each(flowTestBackends())('setSortGroup (%s)', (backend) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    dir = await mkdtemp(path.join(os.tmpdir(), 'sort-group-'));
    await ingestRawNwb(db.orm.em, { rawPath: path.join(SHORT, 'raw', NWB), roots: { raw: path.join(dir, 'raw') } });
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("replaces the default groups with the fixture's groups in both pipelines", async () => {
    for (const pipeline of ['v0', 'v1'] as const) {
      for (const [id, group] of Object.entries(golden.sort_groups)) {
        const result = await setSortGroup(db.orm.em, pipeline, {
          nwbFileName: NWB,
          sortGroupId: Number(id),
          electrodeIds: [...group.electrodes].reverse(),
          referenceId: group.ref,
        });
        expect(result.action).toBe('replaced');
        const stored = await findSortGroup(db.orm.em.fork(), pipeline, NWB, Number(id));
        expect(stored?.referenceId).toBe(group.ref);
        expect(stored?.electrodes.map((e) => e.electrodeId)).toEqual(group.electrodes);
        expect(stored?.electrodes.map((e) => e.electrodeGroupName)).toEqual(group.electrodes.map(() => id));
      }
    }
    const again = await setSortGroup(db.orm.em, 'v1', {
      nwbFileName: NWB,
      sortGroupId: 0,
      electrodeIds: golden.sort_groups['0'].electrodes,
      referenceId: golden.sort_groups['0'].ref,
    });
    expect(again.action).toBe('unchanged');
  });

  it('creates a new group spanning electrode groups, and v1 accepts -1', async () => {
    const result = await setSortGroup(db.orm.em, 'v1', { nwbFileName: NWB, sortGroupId: 7, electrodeIds: [3, 4], referenceId: -1 });
    expect(result).toMatchObject({
      action: 'created',
      sortGroup: {
        electrodes: [
          { electrodeGroupName: '0', electrodeId: 3 },
          { electrodeGroupName: '1', electrodeId: 4 },
        ],
      },
    });
    expect(await db.orm.em.fork().count(SortGroupV1, { nwb_file_name: NWB })).toBe(3);
  });

  it('rejects bad input with typed errors naming the id', async () => {
    const set = (pipeline: 'v0' | 'v1', electrodeIds: number[], referenceId: number, nwbFileName = NWB) =>
      setSortGroup(db.orm.em, pipeline, { nwbFileName, sortGroupId: 0, electrodeIds, referenceId });
    await expect(set('v1', [0, 99], -2)).rejects.toMatchObject({
      code: 'SORT_GROUP_ELECTRODE_UNKNOWN',
      exitCode: 2,
      message: expect.stringContaining('electrode 99'),
    });
    // ... and lists the ids that exist, as ranges (issue 17).
    await expect(set('v1', [0, 99], -2)).rejects.toMatchObject({
      message: expect.stringMatching(/its electrode ids are \d+-\d+ \(fix --electrodes\)/),
    });
    await expect(set('v0', [0, 1], -1)).rejects.toMatchObject({
      code: 'SORT_GROUP_REFERENCE_INVALID',
      message: expect.stringContaining('-1'),
    });
    await expect(set('v1', [0, 1], 42)).rejects.toMatchObject({
      code: 'SORT_GROUP_REFERENCE_INVALID',
      message: expect.stringContaining('electrode 42'),
    });
    await expect(set('v1', [0, 1], -3)).rejects.toMatchObject({
      code: 'SORT_GROUP_REFERENCE_INVALID',
      message: expect.stringContaining('-3'),
    });
    await expect(set('v1', [], -2)).rejects.toMatchObject({ code: 'SORT_GROUP_ELECTRODES_INVALID' });
    await expect(set('v1', [1, 1], -2)).rejects.toMatchObject({
      code: 'SORT_GROUP_ELECTRODES_INVALID',
      message: expect.stringContaining('electrode 1'),
    });
    await expect(set('v1', [0], -2, 'nope.nwb')).rejects.toMatchObject({
      code: 'NWB_FILE_UNKNOWN',
      message: expect.stringContaining('nope.nwb'),
    });
    // failed calls left the group as it was
    const stored = await findSortGroup(db.orm.em.fork(), 'v0', NWB, 0);
    expect(stored?.electrodes.map((e) => e.electrodeId)).toEqual(golden.sort_groups['0'].electrodes);
    expect(await db.orm.em.fork().count(SortGroupElectrodeV0, { nwb_file_name: NWB })).toBe(8);
  });
});
