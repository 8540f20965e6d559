import { rmSync, writeFileSync } from 'node:fs';
import { xfailReasonCode } from './RecomputeEngine';
import type { ArtefactDigest, AttemptParams, ObjectComparison, RegenerateContext, StoredArtefact } from './RecomputePipeline';
import { fakeWorldsRemovedAfterAll } from './test-support/createFakeWorld';
import { FakePipeline, type FakeKey } from './test-support/FakePipeline';

/*
 * What one attempt leaves behind besides its outcome: the text stored in the varchar columns
 * (`xfail_reason` 127, `err_msg` 255, cut with an ellipsis), the progress messages, the versions
 * that could not be read, and the part rows of a mismatch whose copy lost an object.
 */

/** A fake pipeline whose expected-failure reasons and regeneration errors have a chosen length. */
class LongTextPipeline extends FakePipeline {
  constructor(private readonly text: { reason: Record<string, number>; error: Record<string, number> }) {
    super();
  }

  override async expectedFailure(artefact: StoredArtefact<FakeKey>): Promise<string | null> {
    const length = this.text.reason[artefact.key.name];
    if (length === undefined) return null;
    const code = 'known_bad_fixture: ';
    return code + 'r'.repeat(length - code.length);
  }

  override async regenerate(artefact: StoredArtefact<FakeKey>, targetPath: string, context: RegenerateContext): Promise<void> {
    const length = this.text.error[artefact.key.name];
    if (length !== undefined) throw new Error('m'.repeat(length));
    await super.regenerate(artefact, targetPath, context);
  }
}

const world = fakeWorldsRemovedAfterAll();

describe('xfailReasonCode', () => {
  it('is the trimmed part before the first colon, or the whole trimmed reason', () => {
    expect(xfailReasonCode('missing_probe_info: no probe rows: 3')).toBe('missing_probe_info');
    expect(xfailReasonCode(' padlen ')).toBe('padlen');
    expect(xfailReasonCode(' padlen : x')).toBe('padlen');
  });

  it('a reason that starts with its colon has an empty code', () => {
    expect(xfailReasonCode(': no code given')).toBe('');
  });
});

describe('stored text is cut to its column', () => {
  it('an xfail_reason of 127 characters is kept; a longer one is cut to 126 plus an ellipsis', async () => {
    const pipeline = new LongTextPipeline({ reason: { aa1: 127, aa2: 128 }, error: {} });
    const w = await world(['aa1', 'aa2'], { pipeline });
    const attempted = await w.engine.attempt();
    const reasons = Object.fromEntries(attempted.inserted.map((row) => [row.recording.name, row.xfailReason]));
    const full = await pipeline.expectedFailure(w.artefacts[1]!);
    expect(reasons.aa1).toBe(await pipeline.expectedFailure(w.artefacts[0]!));
    expect(reasons.aa1).toHaveLength(127);
    expect(reasons.aa2).toBe(`${full!.slice(0, 126)}…`);
    const stored = await w.store.listSelections({ recordings: [{ name: 'aa2' }] });
    expect(stored[0]!.xfailReason).toBe(reasons.aa2);
  });

  it('an err_msg of 255 characters is kept; a longer one is cut to 254 plus an ellipsis', async () => {
    const pipeline = new LongTextPipeline({ reason: {}, error: { aa1: 255, aa2: 256 } });
    const w = await world(['aa1', 'aa2'], { pipeline });
    await w.engine.attempt();
    const run = await w.engine.populate();
    const errors = Object.fromEntries(run.outcomes.map((o) => [o.attempt.recording.name, o.errMsg]));
    expect(errors.aa1).toBe('m'.repeat(255));
    expect(errors.aa2).toBe(`${'m'.repeat(254)}…`);
    const rows = Object.fromEntries((await w.store.listRecomputes({})).map((row) => [row.recording.name, row.errMsg]));
    expect(rows).toEqual(errors);
  });
});

describe('progress messages and unreadable versions', () => {
  it('logs each match, mismatch (objects differing, missing) and error by relative path', async () => {
    const w = await world(['aa1', 'aa2', 'bb1'], { behaviour: (name) => (({ aa2: 'mismatch', bb1: 'throw' }) as const)[name] ?? 'match' });
    await w.engine.attempt();
    await w.engine.populate();
    expect([...w.messages].sort()).toEqual(
      [
        `match: ${w.artefacts[0]!.relativePath}`,
        `mismatch: ${w.artefacts[1]!.relativePath} (2 objects differ, 1 missing)`,
        `error: ${w.artefacts[2]!.relativePath}: fake regeneration of bb1 failed`,
      ].sort(),
    );
  });

  it('populateVersions reports a recording whose versions cannot be read with the reason; attempt logs it', async () => {
    const w = await world(['aa1', 'aa2']);
    rmSync(w.artefacts[1]!.path);
    const result = await w.engine.populateVersions();
    expect(result.inserted).toEqual([{ name: 'aa1' }]);
    expect(result.alreadyPresent).toBe(0);
    expect(result.failed).toEqual([{ key: { name: 'aa2' }, message: expect.stringContaining('ENOENT') }]);
    expect(await w.store.getVersions([{ name: 'aa2' }])).toEqual(new Map());
    const attempted = await w.engine.attempt();
    expect(attempted.skippedNoVersions).toEqual([{ name: 'aa2' }]);
    expect(w.messages).toEqual([expect.stringMatching(new RegExp(`^versions of ${w.artefacts[1]!.relativePath} unreadable: .*ENOENT`))]);
  });

  it('a failure that is not an Error is reported as its text', async () => {
    class ThrowsText extends FakePipeline {
      override async readVersions(): Promise<never> {
        throw 'no versions here';
      }
    }
    const w = await world(['aa1'], { pipeline: new ThrowsText() });
    expect((await w.engine.populateVersions()).failed).toEqual([{ key: { name: 'aa1' }, message: 'no versions here' }]);
  });
});

describe('the part rows of a mismatch', () => {
  /** Regenerates `aa1` without its `obj2`, and (optionally) cannot compare. */
  class LossyPipeline extends FakePipeline {
    constructor(private readonly compareFails: boolean) {
      super();
    }

    override async regenerate(artefact: StoredArtefact<FakeKey>, targetPath: string): Promise<void> {
      const objects = this.objectsFor(artefact.key.name);
      delete objects.obj2;
      objects.obj3 = '9,9';
      writeFileSync(
        targetPath,
        Object.entries(objects)
          .map(([name, value]) => `${name}=${value}\n`)
          .join(''),
      );
    }

    override async compare(oldPath: string, newPath: string): Promise<ObjectComparison[]> {
      if (this.compareFails) throw new Error('cannot compare');
      return super.compare(oldPath, newPath);
    }
  }

  it('names an object the copy lacks as missing from new, with a null new hash; a changed shape has null differences', async () => {
    const w = await world(['aa1'], { pipeline: new LossyPipeline(false) });
    await w.engine.attempt();
    expect((await w.engine.populate()).counts.mismatched).toBe(1);
    const [diff] = await w.engine.diff({ recording: { name: 'aa1' } });
    expect(diff!.names).toEqual([{ name: 'obj2', missingFrom: 'new' }]);
    const original = await w.pipeline.hash(w.artefacts[0]!.path);
    expect(diff!.hashes).toEqual([
      { name: 'obj2', algorithm: 'fake-md5', oldHash: original.objects.obj2, newHash: null, maxAbsDiff: null, maxRelDiff: null },
      {
        name: 'obj3',
        algorithm: 'fake-md5',
        oldHash: original.objects.obj3,
        newHash: expect.any(String),
        maxAbsDiff: null,
        maxRelDiff: null,
      },
    ]);
    expect(w.messages).toEqual([`mismatch: ${w.artefacts[0]!.relativePath} (2 objects differ, 1 missing)`]);
  });

  it('a comparison that fails still records the differing objects, without numeric differences', async () => {
    const w = await world(['aa1'], { pipeline: new LossyPipeline(true) });
    await w.engine.attempt();
    await w.engine.populate();
    const [diff] = await w.engine.diff({ recording: { name: 'aa1' } });
    expect(diff!.hashes.map((hash) => [hash.name, hash.maxAbsDiff, hash.maxRelDiff])).toEqual([
      ['obj2', null, null],
      ['obj3', null, null],
    ]);
  });
});

describe('a match must reproduce the STORED hash at the creation settings', () => {
  /** Hashes depend on `rounding` (as v1's do): a digest at another rounding differs from the stored one. */
  class RoundingPipeline extends FakePipeline {
    override async hash(target: string, params: AttemptParams = this.defaultParams): Promise<ArtefactDigest> {
      const digest = await super.hash(target);
      return params.rounding === this.defaultParams.rounding ? digest : { ...digest, hash: `${digest.hash}@${params.rounding}` };
    }
  }

  it('an attempt at another rounding hashes the copy once more at the default rounding before it counts as a match', async () => {
    const w = await world(['aa1'], { pipeline: new RoundingPipeline() });
    await w.engine.attempt({}, { params: { rounding: 6 } });
    const run = await w.engine.populate();
    expect(run.outcomes).toEqual([expect.objectContaining({ outcome: 'matched' })]);
  });

  it('a pipeline with hashAsStored is asked for the stored-algorithm digest of the copy', async () => {
    class AsStored extends FakePipeline {
      readonly asked: string[] = [];
      async hashAsStored(target: string, artefact: StoredArtefact<FakeKey>): Promise<string> {
        this.asked.push(artefact.key.name);
        return artefact.key.name === 'aa1' ? (await this.hash(target)).hash : 'legacy-digest';
      }
    }
    const pipeline = new AsStored();
    const w = await world(['aa1', 'aa2'], { pipeline });
    await w.engine.attempt();
    const run = await w.engine.populate();
    const byName = Object.fromEntries(run.outcomes.map((o) => [o.attempt.recording.name, o]));
    expect(byName.aa1!.outcome).toBe('matched');
    expect(byName.aa2).toMatchObject({ outcome: 'error', errMsg: expect.stringContaining('(legacy-digest vs stored ') });
    expect(pipeline.asked.sort()).toEqual(['aa1', 'aa2']);
  });
});

describe('attempt --limit', () => {
  it('a negative limit chooses nothing', async () => {
    const w = await world(['aa1', 'aa2'], { random: () => 0.5 });
    const attempted = await w.engine.attempt({}, { limit: -1 });
    expect(attempted.inserted).toEqual([]);
    expect(attempted.notChosen).toBe(2);
  });
});

describe('the versions rows attempt makes on the way', () => {
  it('are read only for the recordings that lack one', async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.populateVersions({ name: 'aa1' });
    const attempted = await w.engine.attempt();
    expect(attempted.versionsInserted).toEqual([{ name: 'aa2' }]);
    expect((await w.engine.attempt()).versionsInserted).toEqual([]);
  });
});

describe('the result rows of an attempt that cannot be verified', () => {
  it('an original without a stored hash is recorded as an unmatched error row', async () => {
    const w = await world(['aa1'], { storedHash: () => null });
    await w.engine.attempt();
    await w.engine.populate();
    const [row] = await w.store.listRecomputes({});
    expect(row!.matched).toBe(false);
    expect(row!.errMsg).toContain('no stored hash for');
  });

  it('a copy that matches the original but not the stored hash is logged as an error with the reason', async () => {
    const stored = 'f'.repeat(32);
    const w = await world(['aa1'], { storedHash: () => stored });
    await w.engine.attempt();
    await w.engine.populate();
    expect(w.messages).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: ${w.artefacts[0]!.relativePath.replace('.', '\\.')}: regenerated copy matches the original but not the stored hash \\(\\w+ vs stored ${stored}\\)`,
        ),
      ),
    ]);
  });
});

describe('the part rows of a mismatch, in order', () => {
  it('lists the differing objects by name, whatever order the digests list them in', async () => {
    const w = await world(['aa1'], { behaviour: () => 'mismatch' });
    await w.engine.attempt();
    await w.engine.populate();
    const [diff] = await w.engine.diff({ recording: { name: 'aa1' } });
    // The copy's digest lists `extra` last; the part rows come sorted by name.
    expect(diff!.hashes.map((hash) => hash.name)).toEqual(['extra', 'obj1']);
  });
});

describe('the hashes a match takes', () => {
  /** Records every path it hashes. */
  class CountingPipeline extends FakePipeline {
    readonly hashed: string[] = [];
    override async hash(target: string): Promise<ArtefactDigest> {
      this.hashed.push(target);
      return super.hash(target);
    }
  }

  it('an attempt at the default rounding hashes the original and the copy once each', async () => {
    const pipeline = new CountingPipeline();
    const w = await world(['aa1'], { pipeline });
    await w.engine.attempt();
    pipeline.hashed.length = 0;
    expect((await w.engine.populate()).counts.matched).toBe(1);
    expect(pipeline.hashed).toEqual([w.artefacts[0]!.path, w.engine.temporaryPath(w.artefacts[0]!)]);
  });

  it('an attempt at another rounding hashes the copy a second time, at the default rounding', async () => {
    const pipeline = new CountingPipeline();
    const w = await world(['aa1'], { pipeline });
    await w.engine.attempt({}, { params: { rounding: 6 } });
    pipeline.hashed.length = 0;
    expect((await w.engine.populate()).counts.matched).toBe(1);
    const copy = w.engine.temporaryPath(w.artefacts[0]!);
    expect(pipeline.hashed).toEqual([w.artefacts[0]!.path, copy, copy]);
  });
});
