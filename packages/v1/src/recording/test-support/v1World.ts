import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { dataRootsUnder, type DataRoots } from '@spyglass-recompute/nwb';
import {
  MikroOrmEnvironmentStore,
  registerEnvironment,
  type EngineEnvironment,
  type EnvironmentSnapshot,
} from '@spyglass-recompute/engine';
import { createTestDatabase, type TestBackend, type TestDatabase } from '@spyglass-recompute/schema';

export const FIXTURES = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting');

/** A fixture variant's golden.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readGolden(variant: 'short' | 'long'): any {
  return JSON.parse(readFileSync(path.join(FIXTURES, variant, 'golden.json'), 'utf8'));
}

export const INTERVAL_NAME = 'sort interval';

/** A database, data roots with the fixture raw file ingested, golden sort groups and interval, and an environment. */
export interface V1World {
  db: TestDatabase;
  roots: DataRoots;
  environment: EngineEnvironment;
  nwbFileName: string;
  rawPath: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  golden: any;
  close(): Promise<void>;
}

/** A fixed environment snapshot (no editable packages, so creations are logged). */
export function testSnapshot(tag = 'test'): EnvironmentSnapshot {
  return {
    runtime: { node: process.versions.node, platform: process.platform, arch: process.arch },
    packages: { '@spyglass-recompute/v1': '0.1.0', h5wasm: '0.10.3', tag },
    editable: {},
    hasEditable: false,
  };
}

/** Makes empty data roots under a fresh temp dir. */
export function makeRoots(prefix = 'v1-world-'): DataRoots {
  const base = mkdtempSync(path.join(os.tmpdir(), prefix));
  const roots = dataRootsUnder(base);
  for (const dir of Object.values(roots)) mkdirSync(dir, { recursive: true });
  return roots;
}

/** Sets up a {@link V1World} on `backend` with the `variant` fixture. */
export async function createV1World(backend: TestBackend, variant: 'short' | 'long' = 'short'): Promise<V1World> {
  const golden = readGolden(variant);
  const roots = makeRoots();
  const db = await createTestDatabase(backend);
  try {
    const staged = path.join(roots.base, 'incoming', 'oracle_raw.nwb');
    mkdirSync(path.dirname(staged), { recursive: true });
    copyFileSync(path.join(FIXTURES, variant, 'raw', 'oracle_raw.nwb'), staged);
    const summary = await ingestRawNwb(db.orm.em, { rawPath: staged, roots });
    const nwbFileName = summary.nwbFileName;
    for (const [id, group] of Object.entries(golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>)) {
      await setSortGroup(db.orm.em, 'v1', { nwbFileName, sortGroupId: Number(id), electrodeIds: group.electrodes, referenceId: group.ref });
    }
    const [start, end] = (golden.sort_interval as string[]).map(Number);
    await addInterval(db.orm.em, { nwbFileName, name: INTERVAL_NAME, start, end });
    const registered = await registerEnvironment(new MikroOrmEnvironmentStore(db.orm.em), testSnapshot(), {
      user: 'tester',
      envName: 'default',
    });
    return {
      db,
      roots,
      environment: { envId: registered.envId, snapshot: testSnapshot() },
      nwbFileName,
      rawPath: summary.nwbFileAbsPath,
      golden,
      close: async () => {
        await db.drop();
        rmSync(roots.base, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db.drop();
    rmSync(roots.base, { recursive: true, force: true });
    throw error;
  }
}
