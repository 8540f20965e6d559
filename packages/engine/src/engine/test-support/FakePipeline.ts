import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EnvironmentSnapshot } from '../../environment/EnvironmentSnapshot';
import type {
  ArtefactDigest,
  ArtefactVersions,
  AttemptParams,
  ObjectComparison,
  RecomputePipeline,
  RegenerateContext,
  StoredArtefact,
} from '../RecomputePipeline';

/** Key of a fake artefact. */
export type FakeKey = { name: string };

/** How regenerating a fake artefact behaves. */
export type FakeBehaviour = 'match' | 'mismatch' | 'throw' | 'hang' | 'xfail';

/** Options of {@link FakePipeline}. */
export interface FakePipelineOptions {
  /** Behaviour per artefact name. @default 'match' */
  behaviour?: (name: string) => FakeBehaviour;
  /** `file`: one text file per artefact; `folder`: one file per object (like v0's folders). */
  kind?: 'file' | 'folder';
  /** Objects per artefact. @default 4 */
  objects?: number;
  /** Delay between written chunks, so crash tests can kill mid-write. @default 0 */
  chunkDelayMs?: number;
  /** Version of the "generator" written into artefacts. @default '1.0.0' */
  generatorVersion?: string;
}

/**
 * A tiny pipeline for engine tests: artefacts are text files (or folders) of numeric
 * objects whose regeneration can be made to match, mismatch, throw or hang.
 * Compiled into dist so child-process tests can load it.
 */
export class FakePipeline implements RecomputePipeline<FakeKey> {
  readonly schema = 'fake_recompute';
  readonly defaultParams: AttemptParams = { rounding: 4 };
  readonly xfailReasons = { known_bad_fixture: 'a fixture known not to regenerate' };
  /** How many times {@link regenerate} ran (concurrency tests). */
  regenerations = 0;
  private readonly behaviour: (name: string) => FakeBehaviour;
  private readonly kind: 'file' | 'folder';
  private readonly objectCount: number;
  private readonly chunkDelayMs: number;
  private readonly generatorVersion: string;

  constructor(options: FakePipelineOptions = {}) {
    this.behaviour = options.behaviour ?? (() => 'match');
    this.kind = options.kind ?? 'file';
    this.objectCount = options.objects ?? 4;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.generatorVersion = options.generatorVersion ?? '1.0.0';
  }

  /** The objects of an artefact: `version` plus numeric `obj{i}` values derived from the name. */
  objectsFor(name: string, mismatch = false): Record<string, string> {
    const objects: Record<string, string> = { version: this.generatorVersion };
    let seed = [...name].reduce((sum, char) => sum + char.charCodeAt(0), 0);
    for (let i = 0; i < this.objectCount; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const values = Array.from({ length: 8 }, (_, j) => ((seed % 1000) / 10 + j).toFixed(4));
      if (mismatch && i === 1) values[3] = (Number(values[3]) + 0.5).toFixed(4);
      objects[`obj${i}`] = values.join(',');
    }
    if (mismatch) objects.extra = '1';
    return objects;
  }

  /** Where the artefact for `name` lives under `root` (its hash is not known here). */
  locate(root: string, name: string): StoredArtefact<FakeKey> {
    const relativePath = path.join(name.slice(0, 2), this.kind === 'file' ? `${name}.txt` : name);
    return { key: { name }, path: path.join(root, relativePath), relativePath, hash: null, attributes: { group: name.slice(0, 2) } };
  }

  /** Writes the original artefact for `name` under `root` and describes it. */
  async createOriginal(root: string, name: string): Promise<StoredArtefact<FakeKey>> {
    const located = this.locate(root, name);
    await fs.mkdir(path.dirname(located.path), { recursive: true });
    await this.write(located.path, this.objectsFor(name));
    return { ...located, hash: (await this.hash(located.path)).hash };
  }

  async readVersions(artefact: StoredArtefact<FakeKey>): Promise<ArtefactVersions> {
    const objects = await this.read(artefact.path);
    return { 'fake-generator': objects.version ?? 'unknown' };
  }

  environmentMismatch(versions: ArtefactVersions, environment: EnvironmentSnapshot): string | null {
    const current = environment.packages['fake-generator'];
    return current === versions['fake-generator'] ? null : `fake-generator ${versions['fake-generator']} != ${current ?? 'absent'}`;
  }

  async expectedFailure(artefact: StoredArtefact<FakeKey>): Promise<string | null> {
    return this.behaviour(artefact.key.name) === 'xfail' ? 'known_bad_fixture' : null;
  }

  async regenerate(artefact: StoredArtefact<FakeKey>, targetPath: string, context: RegenerateContext): Promise<void> {
    this.regenerations += 1;
    const behaviour = this.behaviour(artefact.key.name);
    if (behaviour === 'throw' || behaviour === 'xfail') throw new Error(`fake regeneration of ${artefact.key.name} failed`);
    if (behaviour === 'hang') {
      await new Promise<void>((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    await this.write(targetPath, this.objectsFor(artefact.key.name, behaviour === 'mismatch'), context.heartbeat);
  }

  async hash(target: string): Promise<ArtefactDigest> {
    const objects: Record<string, string> = {};
    for (const [name, value] of Object.entries(await this.read(target))) objects[name] = md5(`${name}=${value}`);
    const hash = md5(
      Object.keys(objects)
        .sort()
        .map((name) => `${name}:${objects[name]}`)
        .join('\n'),
    );
    return { algorithm: 'fake-md5', hash, objects };
  }

  async compare(oldPath: string, newPath: string): Promise<ObjectComparison[]> {
    const [before, after] = [await this.read(oldPath), await this.read(newPath)];
    const out: ObjectComparison[] = [];
    for (const name of Object.keys(before)) {
      if (after[name] === undefined || after[name] === before[name]) continue;
      const a = (before[name] as string).split(',').map(Number);
      const b = (after[name] as string).split(',').map(Number);
      if (a.length !== b.length) {
        out.push({ name, maxAbsDiff: null, maxRelDiff: null });
        continue;
      }
      let maxAbsDiff = 0;
      let maxRelDiff = 0;
      a.forEach((value, i) => {
        const diff = Math.abs(value - (b[i] as number));
        maxAbsDiff = Math.max(maxAbsDiff, diff);
        const scale = Math.max(Math.abs(value), Math.abs(b[i] as number));
        if (diff > 0 && scale > 0) maxRelDiff = Math.max(maxRelDiff, diff / scale);
      });
      out.push({ name, maxAbsDiff, maxRelDiff });
    }
    return out;
  }

  supersedes(matched: AttemptParams, params: AttemptParams): boolean {
    return (matched.rounding ?? 0) > (params.rounding ?? 0);
  }

  private async write(target: string, objects: Record<string, string>, heartbeat?: () => void): Promise<void> {
    const entries = Object.entries(objects);
    if (this.kind === 'folder') {
      await fs.mkdir(target, { recursive: true });
      for (const [name, value] of entries) {
        await fs.writeFile(path.join(target, name), value);
        heartbeat?.();
        await this.pause();
      }
      return;
    }
    const handle = await fs.open(target, 'w');
    try {
      for (const [name, value] of entries) {
        await handle.write(`${name}=${value}\n`);
        heartbeat?.();
        await this.pause();
      }
    } finally {
      await handle.close();
    }
  }

  private async read(target: string): Promise<Record<string, string>> {
    const objects: Record<string, string> = {};
    if (this.kind === 'folder') {
      for (const name of (await fs.readdir(target)).sort()) objects[name] = await fs.readFile(path.join(target, name), 'utf8');
      return objects;
    }
    for (const line of (await fs.readFile(target, 'utf8')).split('\n')) {
      if (!line) continue;
      const at = line.indexOf('=');
      objects[line.slice(0, at)] = line.slice(at + 1);
    }
    return objects;
  }

  private async pause(): Promise<void> {
    if (this.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.chunkDelayMs));
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
