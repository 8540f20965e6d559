import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EnvironmentSnapshot } from '../../environment/EnvironmentSnapshot';
import { InMemoryRecomputeStore } from '../InMemoryRecomputeStore';
import { RecomputeEngine } from '../RecomputeEngine';
import type { RecomputeStore } from '../RecomputeStore';
import type { StoredArtefact } from '../RecomputePipeline';
import { FakePipeline, type FakeKey, type FakePipelineOptions } from './FakePipeline';

/** A fake data tree, pipeline and engine for tests. */
export interface FakeWorld {
  base: string;
  recordingDir: string;
  tempDir: string;
  pipeline: FakePipeline;
  store: RecomputeStore<FakeKey>;
  engine: RecomputeEngine<FakeKey>;
  artefacts: Array<StoredArtefact<FakeKey>>;
}

/** Environment snapshot whose `fake-generator` version matches (or not) the artefacts. */
export function fakeEnvironment(version = '1.0.0', hasEditable = false): EnvironmentSnapshot {
  return {
    runtime: { node: '20.0.0', platform: 'linux', arch: 'x64' },
    packages: { 'fake-generator': version },
    editable: hasEditable ? { 'fake-generator': 'linked' } : {},
    hasEditable,
  };
}

/** Options of {@link createFakeWorld}. */
export interface FakeWorldOptions extends FakePipelineOptions {
  names: readonly string[];
  /** @default a new InMemoryRecomputeStore filled with the artefacts */
  store?: RecomputeStore<FakeKey>;
  /** Called per artefact when a custom store is used (register the recording row). */
  register?: (artefact: StoredArtefact<FakeKey>) => Promise<void>;
  base?: string;
  envId?: string;
  environment?: EnvironmentSnapshot;
  now?: () => Date;
  random?: () => number;
  /** Overrides the hash stored for an artefact (e.g. null: a row made before the hash column). */
  storedHash?: (name: string, actual: string | null) => string | null;
  /** A pipeline to use instead of a new {@link FakePipeline} from these options (a test's subclass). */
  pipeline?: FakePipeline;
  /** The engine's progress messages. @default none */
  log?: (message: string) => void;
}

/** Creates originals for `names` under a fresh data tree and an engine over them. */
export async function createFakeWorld(options: FakeWorldOptions): Promise<FakeWorld> {
  const base = options.base ?? mkdtempSync(path.join(tmpdir(), 'engine-'));
  const recordingDir = path.join(base, 'recording');
  const tempDir = path.join(base, 'tmp');
  mkdirSync(recordingDir, { recursive: true });
  mkdirSync(tempDir, { recursive: true });
  const pipeline = options.pipeline ?? new FakePipeline(options);
  const memory = new InMemoryRecomputeStore<FakeKey>();
  const store = options.store ?? memory;
  const artefacts: Array<StoredArtefact<FakeKey>> = [];
  for (const name of options.names) {
    const created = await pipeline.createOriginal(recordingDir, name);
    const artefact = options.storedHash ? { ...created, hash: options.storedHash(name, created.hash) } : created;
    artefacts.push(artefact);
    if (options.store === undefined) memory.addArtefact(artefact);
    else await options.register?.(artefact);
  }
  const engine = new RecomputeEngine<FakeKey>({
    pipeline,
    store,
    environment: { envId: options.envId ?? 'tester_default_00', snapshot: options.environment ?? fakeEnvironment() },
    dataRoots: [recordingDir, tempDir],
    tempDir,
    now: options.now,
    random: options.random,
    log: options.log,
  });
  return { base, recordingDir, tempDir, pipeline, store, engine, artefacts };
}

/** A fake world made by {@link fakeWorldsRemovedAfterAll}: also the engine's progress messages, in order. */
export type LoggedFakeWorld = FakeWorld & { messages: string[] };

/**
 * A factory of fake worlds for one test file: each world collects the engine's progress messages
 * (unless the options pass their own `log`), and every data tree it made is removed after the
 * file's tests. Call it at the top level of a test file (it registers an `afterAll`).
 */
export function fakeWorldsRemovedAfterAll(): (names: string[], options?: Partial<FakeWorldOptions>) => Promise<LoggedFakeWorld> {
  const bases: string[] = [];
  afterAll(async () => {
    for (const base of bases) await rm(base, { recursive: true, force: true });
  });
  return async (names, options = {}) => {
    const messages: string[] = [];
    const made = await createFakeWorld({ names, log: (message) => messages.push(message), ...options });
    bases.push(made.base);
    return { ...made, messages };
  };
}
