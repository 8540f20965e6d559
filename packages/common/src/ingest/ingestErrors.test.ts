import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withH5File, type H5File } from '@spyglass-recompute/nwb';
import { createTestDatabase, Nwbfile, flowTestBackends, type TestDatabase } from '@spyglass-recompute/schema';
import type { EntityManager } from '@mikro-orm/core';
import { writeSyntheticRawNwb } from '../synthetic/writeSyntheticRawNwb';
import { ingestRawNwb } from './ingestRawNwb';

const ORACLE = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');

type Group = ReturnType<H5File['create_group']>;

/** A root that claims to be an NWB file. */
function nwbRoot(file: H5File): void {
  file.create_attribute('neurodata_type', 'NWBFile', null, 'S');
  file.create_attribute('namespace', 'core', null, 'S');
}

function electricalSeries(file: H5File, withTimestamps: boolean): Group {
  const series = file.create_group('acquisition').create_group('e-series');
  series.create_attribute('neurodata_type', 'ElectricalSeries', null, 'S');
  series.create_dataset({ name: 'data', data: new Int16Array(40), shape: [20, 2], dtype: '<h' });
  if (withTimestamps)
    series.create_dataset({ name: 'timestamps', data: Float64Array.from({ length: 20 }, (_, i) => 100 + i / 1000), dtype: '<d' });
  return series;
}

describe.each(flowTestBackends())('ingestRawNwb input errors (%s)', (backend) => {
  let db: TestDatabase;
  let dir: string;
  let rawRoot: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-errors-'));
    rawRoot = path.join(dir, 'raw');
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const ingest = (rawPath: string) => ingestRawNwb(db.orm.em, { rawPath, roots: { raw: rawRoot } });

  /** Expects a typed bad-input error naming the file, and that nothing was registered or copied. */
  async function expectRejected(rawPath: string, code: string, mentions: string = path.basename(rawPath)): Promise<void> {
    await expect(ingest(rawPath)).rejects.toMatchObject({ code, exitCode: 2, message: expect.stringContaining(mentions) });
    expect(await db.orm.em.fork().count(Nwbfile, {})).toBe(0);
    expect(await readdir(rawRoot).catch(() => [])).toEqual([]);
  }

  it('a missing file is RAW_FILE_NOT_FOUND', async () => {
    await expectRejected(path.join(dir, 'nope.nwb'), 'RAW_FILE_NOT_FOUND');
  });

  it('a file that is not HDF5 is NOT_HDF5', async () => {
    const filePath = path.join(dir, 'text.nwb');
    await writeFile(filePath, 'this is not an HDF5 file\n'.repeat(100));
    await expectRejected(filePath, 'NOT_HDF5');
  });

  it('an HDF5 file that is not NWB is NWB_NOT_NWB', async () => {
    const filePath = path.join(dir, 'plain.h5');
    await withH5File(filePath, 'w', (file) => {
      file.create_dataset({ name: 'x', data: new Float64Array(3), dtype: '<d' });
    });
    await expectRejected(filePath, 'NWB_NOT_NWB');
  });

  it('an NWB file without an ElectricalSeries is RAW_NOT_ELECTRICAL_SERIES', async () => {
    const filePath = path.join(dir, 'no_series.nwb');
    await withH5File(filePath, 'w', (file) => {
      nwbRoot(file);
      const ts = file.create_group('acquisition').create_group('position');
      ts.create_attribute('neurodata_type', 'SpatialSeries', null, 'S');
    });
    await expectRejected(filePath, 'RAW_NOT_ELECTRICAL_SERIES', 'position');
  });

  it('an ElectricalSeries without timestamps is RAW_TIMESTAMPS_MISSING', async () => {
    const filePath = path.join(dir, 'no_timestamps.nwb');
    await withH5File(filePath, 'w', (file) => {
      nwbRoot(file);
      electricalSeries(file, false);
    });
    await expectRejected(filePath, 'RAW_TIMESTAMPS_MISSING', 'acquisition/e-series');
  });

  it('an NWB file without electrode groups is NWB_NO_ELECTRODES', async () => {
    const filePath = path.join(dir, 'no_electrodes.nwb');
    await withH5File(filePath, 'w', (file) => {
      nwbRoot(file);
      electricalSeries(file, true);
    });
    await expectRejected(filePath, 'NWB_NO_ELECTRODES');
  });

  it('a file name longer than nwb_file_name holds is NWB_NAME_TOO_LONG', async () => {
    const filePath = path.join(dir, `${'x'.repeat(70)}.nwb`);
    await copyFile(ORACLE, filePath);
    await expectRejected(filePath, 'NWB_NAME_TOO_LONG');
  });

  it('duplicate electrode ids are NWB_ELECTRODE_ID_DUPLICATE naming the id', async () => {
    const filePath = path.join(dir, 'dup_ids.nwb');
    await writeSyntheticRawNwb({ filePath, durationSeconds: 0.5, tetrodes: 1 });
    await withH5File(filePath, 'a', (file) => {
      const ids = file.get('general/extracellular_ephys/electrodes/id') as unknown as {
        write_slice(r: number[][], d: BigInt64Array): void;
      };
      ids.write_slice([[0, 4]], BigInt64Array.from([0n, 1n, 1n, 3n]));
    });
    await expectRejected(filePath, 'NWB_ELECTRODE_ID_DUPLICATE', 'electrode id 1');
  });

  it('a raw root that is a file is DATA_ROOT_UNAVAILABLE, and nothing is registered', async () => {
    const notADir = path.join(dir, 'raw-file');
    await writeFile(notADir, '');
    const filePath = path.join(dir, 'oracle_raw.nwb');
    await copyFile(ORACLE, filePath);
    await expect(ingestRawNwb(db.orm.em, { rawPath: filePath, roots: { raw: notADir } })).rejects.toMatchObject({
      code: 'DATA_ROOT_UNAVAILABLE',
    });
    expect(await db.orm.em.fork().count(Nwbfile, {})).toBe(0);
  });
});

describe('ingestRawNwb when the database transaction fails', () => {
  it('removes the copy it made in the raw root and rethrows', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-rollback-'));
    try {
      const source = path.join(dir, 'oracle_raw.nwb');
      await copyFile(ORACLE, source);
      const failure = new Error('connection lost');
      const em = {
        fork: () => ({ findOne: async () => null, transactional: async () => Promise.reject(failure) }),
      } as unknown as EntityManager;
      await expect(ingestRawNwb(em, { rawPath: source, roots: { raw: path.join(dir, 'raw') } })).rejects.toBe(failure);
      expect(await readdir(path.join(dir, 'raw'))).toEqual([]);
      expect(await readdir(dir)).toEqual(['oracle_raw.nwb', 'raw']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
