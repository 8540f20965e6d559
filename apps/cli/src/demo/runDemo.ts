import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  RAW_VALID_TIMES_INTERVAL,
  addSortInterval,
  ingestRawNwb,
  setSortGroup,
  writeSyntheticRawNwb,
  type IngestSummary,
  type SortGroupPlan,
} from '@spyglass-recompute/common';
import { dataRootList, dataRootsUnder } from '@spyglass-recompute/nwb';
import { pathSize, type RecomputeModule, type RecomputeModuleContext, type RecordingKey } from '@spyglass-recompute/engine';
import { cliErrors } from '../cliErrors';
import { migrateDatabase, openDatabase, sqliteUrl } from '@spyglass-recompute/schema';
import { createV0Recording, v0RecomputeModule } from '@spyglass-recompute/v0';
import { createV1Recording, v1RecomputeModule } from '@spyglass-recompute/v1';
import { registerCurrentEnvironment } from '../context/currentEnvironment';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Empty or missing folder to work in (the Spyglass base dir of the demo). @default a fresh folder under the OS temp dir */
  dir?: string;
  /** Database URL to use instead of the embedded SQLite file `{dir}/recompute.sqlite`. */
  database?: string;
  /** Length of the synthetic recording in seconds (a 1 s timestamp gap is added mid-way). @default 20 */
  durationSeconds?: number;
  /** Tetrodes (4 channels, one electrode group, one sort group each). @default 4 */
  tetrodes?: number;
  /** Progress lines for humans. */
  log?: (message: string) => void;
}

/** One pipeline's part of the demo summary. */
export interface DemoPipelineSummary {
  recordings: number;
  bytesCreated: number;
  matched: number;
  bytesFreed: number;
  /** The recording fetched back; `key` is what `show`/`fetch` take (v1 recording_id, v0 folder name). */
  fetched: { key: string; path: string; regenerated: boolean; hash: string | null; storedHash: string };
}

/** What `recompute demo --json` prints. */
export interface DemoSummary {
  dir: string;
  /** Bytes under `dir` when the demo ends (raw file, database, the two fetched-back recordings). */
  bytesOnDisk: number;
  database: string;
  rawFile: string;
  rawSamples: number;
  channels: number;
  validTimePieces: number;
  environment: string;
  v1: DemoPipelineSummary;
  v0: DemoPipelineSummary;
  bytesFreed: number;
  timingsSeconds: Record<string, number>;
}

/**
 * The end-to-end walkthrough on the embedded SQLite default in a fresh data dir: generate a raw
 * NWB with a timestamp gap → ingest → create v1 analysis files and v0 folders for every tetrode
 * → versions, attempt, run (all must match) → delete the verified files → fetch one of each,
 * which regenerates it and verifies its hash.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? (() => undefined);
  const dir = await prepareDemoDir(options.dir);
  const roots = dataRootsUnder(dir);
  for (const root of dataRootList(roots)) await mkdir(root, { recursive: true });
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    log(`• ${step}…`);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings[step] = Math.round(performance.now() - started) / 1000;
    }
  };

  const rawFile = path.join(roots.raw, 'demo_rat01_.nwb');
  const raw = await timed('generate raw NWB', () =>
    writeSyntheticRawNwb({
      filePath: rawFile,
      durationSeconds: options.durationSeconds ?? 20,
      tetrodes: options.tetrodes ?? 4,
      gapSeconds: 1,
    }),
  );
  const database = options.database ?? sqliteUrl(path.join(dir, 'recompute.sqlite'));
  const orm = await openDatabase(database);
  try {
    await migrateDatabase(orm);
    const em = orm.em.fork();
    const registered = await registerCurrentEnvironment(em);
    const context: RecomputeModuleContext = { em, roots, environment: { envId: registered.envId, snapshot: registered.snapshot }, log };

    const ingested = (await timed('ingest', () => ingestRawNwb(em.fork(), { rawPath: rawFile, roots }))) as IngestSummary;
    const groups = ingested.sortGroups;
    const validTimes = ingested.validTimes;
    await timed('configure sort groups', async () => {
      for (const group of groups) {
        const referenceId = demoReference(group, groups);
        await setSortGroup(em.fork(), 'v0', {
          nwbFileName: ingested.nwbFileName,
          sortGroupId: group.sortGroupId,
          electrodeIds: group.electrodeIds,
          referenceId,
        });
        await setSortGroup(em.fork(), 'v1', {
          nwbFileName: ingested.nwbFileName,
          sortGroupId: group.sortGroupId,
          electrodeIds: group.electrodeIds,
          referenceId,
        });
      }
      // One sort interval across the timestamp gap: v0 writes a two-segment folder.
      await addSortInterval(em.fork(), {
        nwbFileName: ingested.nwbFileName,
        name: 'demo',
        start: validTimes[0]![0],
        end: validTimes[validTimes.length - 1]![1],
      });
    });

    const v1Created = await timed('create v1 recordings', async () => {
      const made = [];
      for (const group of groups) {
        made.push(
          await createV1Recording(em.fork(), context, {
            nwbFileName: ingested.nwbFileName,
            sortGroupId: group.sortGroupId,
            intervalListName: RAW_VALID_TIMES_INTERVAL,
          }),
        );
      }
      return made;
    });
    const v0Created = await timed('create v0 recordings', async () => {
      const made = [];
      for (const group of groups) {
        made.push(
          await createV0Recording(em.fork(), context, {
            nwbFileName: ingested.nwbFileName,
            sortGroupId: group.sortGroupId,
            sortIntervalName: 'demo',
          }),
        );
      }
      return made;
    });

    const v1Bytes = await sumSizes(v1Created.map((r) => r.path));
    const v0Bytes = await sumSizes(v0Created.map((r) => r.recording_path));
    const v1 = await timed('v1: attempt, run, delete, fetch', () =>
      recomputeCycle(
        v1RecomputeModule as unknown as RecomputeModule<RecordingKey>,
        context,
        { recording_id: v1Created[0]!.recording_id },
        v1Created[0]!.hash,
        v1Created[0]!.recording_id,
      ),
    );
    const v0 = await timed('v0: attempt, run, delete, fetch', () =>
      recomputeCycle(
        v0RecomputeModule as unknown as RecomputeModule<RecordingKey>,
        context,
        v0Created[0]!.key,
        v0Created[0]!.hash,
        path.basename(v0Created[0]!.recording_path),
      ),
    );
    const summary: DemoSummary = {
      dir,
      bytesOnDisk: await pathSize(dir),
      database,
      rawFile,
      rawSamples: raw.samples,
      channels: raw.channels,
      validTimePieces: validTimes.length,
      environment: registered.envId,
      v1: { ...v1, recordings: v1Created.length, bytesCreated: v1Bytes },
      v0: { ...v0, recordings: v0Created.length, bytesCreated: v0Bytes },
      bytesFreed: v1.bytesFreed + v0.bytesFreed,
      timingsSeconds: timings,
    };
    return summary;
  } finally {
    await orm.close(true);
  }
}

/** Even tetrodes use the global median; odd ones the first electrode of the previous tetrode. */
function demoReference(group: SortGroupPlan, groups: readonly SortGroupPlan[]): number {
  const index = groups.indexOf(group);
  return index % 2 === 1 ? groups[index - 1]!.electrodeIds[0]! : -2;
}

async function sumSizes(paths: string[]): Promise<number> {
  let total = 0;
  for (const p of paths) total += await pathSize(p);
  return total;
}

/** versions → attempt → run → delete (verified only) → fetch one recording back. */
async function recomputeCycle(
  module: RecomputeModule<RecordingKey>,
  context: RecomputeModuleContext,
  fetchKey: RecordingKey,
  storedHash: string,
  keyText: string,
): Promise<Omit<DemoPipelineSummary, 'recordings' | 'bytesCreated'>> {
  const engine = module.createEngine(context);
  await engine.populateVersions({});
  await engine.attempt({});
  const run = await engine.populate({});
  const notMatched = run.outcomes.filter((o) => o.outcome !== 'matched' && o.outcome !== 'skipped-matched');
  if (notMatched.length > 0) {
    throw cliErrors.demoNotReproducible(
      module.name,
      notMatched.map((o) => `${o.outcome}${o.errMsg ? `: ${o.errMsg}` : ''}`),
    );
  }
  const deleted = await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
  const fetched = await engine.ensureArtefact(fetchKey);
  return { matched: run.counts.matched, bytesFreed: deleted.bytes, fetched: { key: keyText, ...fetched, storedHash } };
}

async function prepareDemoDir(requested: string | undefined): Promise<string> {
  if (requested === undefined) return mkdtemp(path.join(os.tmpdir(), 'recompute-demo-'));
  const dir = path.resolve(requested);
  const existing = await readdir(dir).catch(() => null);
  if (existing !== null && existing.length > 0) {
    throw cliErrors.demoDirNotEmpty(dir);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}
