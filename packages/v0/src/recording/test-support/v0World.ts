import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addSortInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { dataRootsUnder, type DataRoots } from '@spyglass-recompute/nwb';
import type { EngineEnvironment, EnvironmentSnapshot, PipelineContext } from '@spyglass-recompute/engine';
import { createTestDatabase, Nwbfile, UserEnvironment, type TestBackend, type TestDatabase } from '@spyglass-recompute/schema';

/** A throwaway database plus data roots, with a registered environment. */
export interface V0World {
  db: TestDatabase;
  roots: DataRoots;
  ctx: PipelineContext;
  dir: string;
  close(): Promise<void>;
}

const SNAPSHOT: EnvironmentSnapshot = {
  runtime: { node: process.version, platform: process.platform, arch: process.arch },
  packages: { '@spyglass-recompute/v0': '0.1.0' },
  editable: {},
  hasEditable: false,
};

/** Creates the world; filters run on the calling thread (no worker build needed). */
export async function createV0World(backend: TestBackend): Promise<V0World> {
  const db = await createTestDatabase(backend);
  const dir = await mkdtemp(path.join(tmpdir(), 'v0-world-'));
  const roots = dataRootsUnder(dir);
  for (const root of Object.values(roots)) await mkdir(root, { recursive: true });
  const environment: EngineEnvironment = { envId: 'tester_default_00', snapshot: SNAPSHOT };
  await db.orm.em.fork().insert(UserEnvironment, {
    env_id: environment.envId,
    env_hash: 'f'.repeat(32),
    hash_algorithm: 'md5',
    env: SNAPSHOT,
    timestamp: new Date(),
    has_editable: false,
  });
  return {
    db,
    roots,
    dir,
    ctx: { roots, environment, filterThreads: 0 },
    async close() {
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Ingests a raw file (copied into the raw root) and, when `registeredPath` is given, records
 * that absolute path in the Nwbfile row — as a database made on a machine whose raw root was
 * elsewhere (the fixtures' `/data/spyglass/raw`) would hold it.
 */
export async function ingestRaw(world: V0World, rawPath: string, registeredPath?: string): Promise<string> {
  const summary = await ingestRawNwb(world.db.orm.em, { rawPath, roots: world.roots });
  if (registeredPath)
    await world.db.orm.em.fork().nativeUpdate(Nwbfile, { nwb_file_name: summary.nwbFileName }, { nwb_file_abs_path: registeredPath });
  return summary.nwbFileName;
}

/** v0 sort group + sort interval rows. */
export async function defineV0Recording(
  world: V0World,
  args: {
    nwbFileName: string;
    sortGroupId: number;
    electrodeIds: number[];
    referenceId: number;
    sortIntervalName: string;
    start: number;
    end: number;
  },
): Promise<void> {
  const em = world.db.orm.em;
  await setSortGroup(em, 'v0', {
    nwbFileName: args.nwbFileName,
    sortGroupId: args.sortGroupId,
    electrodeIds: args.electrodeIds,
    referenceId: args.referenceId,
  });
  await addSortInterval(em, { nwbFileName: args.nwbFileName, name: args.sortIntervalName, start: args.start, end: args.end });
}
