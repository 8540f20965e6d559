import type { AttemptParams, RecomputePipeline, StoredArtefact } from '../engine/RecomputePipeline';
import { deferredPipeline, type PipelineFacts } from './deferredPipeline';

type Key = { id: string };

const facts: PipelineFacts<Key> = { schema: 'fake_schema', defaultParams: { rounding: 4 }, xfailReasons: { padlen: 'too short' } };

/** A pipeline whose steps use `this` (as class-based pipelines do) and that lacks the optional `hashAsStored`. */
class FakePipeline implements RecomputePipeline<Key> {
  readonly schema = facts.schema;
  readonly defaultParams = facts.defaultParams;
  readonly xfailReasons = facts.xfailReasons;
  private readonly algorithm = 'fake-md5';
  async readVersions(): Promise<Record<string, string>> {
    return { writer: '1.0' };
  }
  environmentMismatch(versions: Record<string, string>): string | null {
    return versions.writer === '1.0' ? null : `writer ${versions.writer}`;
  }
  async regenerate(): Promise<void> {}
  async hash(path: string) {
    return { algorithm: this.algorithm, hash: `hash of ${path}`, objects: {} };
  }
  async compare() {
    return [];
  }
  supersedes(matched: AttemptParams, params: AttemptParams): boolean {
    return (matched.rounding ?? 0) > (params.rounding ?? 0);
  }
}

describe('deferredPipeline', () => {
  it('answers the facts without loading the implementation', () => {
    const load = jest.fn(() => new FakePipeline());
    const pipeline = deferredPipeline(facts, load);
    expect(pipeline.schema).toBe('fake_schema');
    expect(pipeline.defaultParams).toEqual({ rounding: 4 });
    expect(pipeline.xfailReasons).toEqual({ padlen: 'too short' });
    expect(load).not.toHaveBeenCalled();
  });

  it('loads the implementation once, on the first step, and runs its steps bound to it', async () => {
    const load = jest.fn(() => new FakePipeline());
    const pipeline = deferredPipeline(facts, load);
    expect(await pipeline.hash('/a.nwb', {})).toEqual({ algorithm: 'fake-md5', hash: 'hash of /a.nwb', objects: {} });
    expect(pipeline.environmentMismatch({ writer: '2.0' }, undefined as never)).toBe('writer 2.0');
    expect(pipeline.supersedes?.({ rounding: 6 }, { rounding: 4 })).toBe(true);
    expect(await pipeline.readVersions({} as StoredArtefact<Key>)).toEqual({ writer: '1.0' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('lacks exactly the optional steps the implementation lacks', () => {
    const pipeline = deferredPipeline(facts, () => new FakePipeline());
    expect(pipeline.hashAsStored).toBeUndefined();
    expect(pipeline.expectedFailure).toBeUndefined();
    expect(typeof pipeline.supersedes).toBe('function');
    expect(typeof pipeline.regenerate).toBe('function');
  });

  it('has no xfail reasons when the facts name none', () => {
    const { xfailReasons: _unused, ...withoutReasons } = facts;
    const pipeline = deferredPipeline(withoutReasons, () => new FakePipeline());
    expect('xfailReasons' in pipeline).toBe(false);
  });

  it('reports a failing load at the step that needed it, and tries again at the next', async () => {
    let attempts = 0;
    const pipeline = deferredPipeline(facts, () => {
      attempts += 1;
      if (attempts === 1) throw new Error('cannot load');
      return new FakePipeline();
    });
    expect(pipeline.schema).toBe('fake_schema');
    expect(() => pipeline.hash).toThrow('cannot load');
    expect((await pipeline.hash('/b.nwb', {})).hash).toBe('hash of /b.nwb');
  });
});
