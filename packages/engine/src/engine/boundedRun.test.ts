import { rm } from 'node:fs/promises';
import { InMemoryJobStore } from '../jobs/InMemoryJobStore';
import { JobReserver } from '../jobs/JobReserver';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';

// Bounded cluster runs (`run --reserve-jobs --limit N --max-minutes M`): each array task does a
// bounded amount of work and returns normally; the rest stays pending for the next task.
describe('RecomputeEngine.populate bounds (limit with reserve-jobs, maxDurationMs)', () => {
  const names = ['bb1', 'bb2', 'bb3', 'bb4', 'bb5'];
  let clock = Date.parse('2026-03-01T00:00:00Z');
  let world: FakeWorld;
  beforeEach(async () => {
    world = await createFakeWorld({ names, now: () => new Date(clock), random: () => 0.5 });
    await world.engine.populateVersions();
    await world.engine.attempt();
  });
  afterEach(async () => rm(world.base, { recursive: true, force: true }));

  const minutes = (n: number) => n * 60_000;

  it('stops taking attempts once maxDurationMs has passed on the engine clock, finishing the one under way', async () => {
    // Each attempt "takes" 4 minutes: started at 0, 4, 8; at 12 the 10-minute budget is spent.
    const started: number[] = [];
    const result = await world.engine.populate(
      {},
      {
        maxDurationMs: minutes(10),
        onProgress: () => {
          started.push(clock);
          clock += minutes(4);
        },
      },
    );
    expect(result.counts.matched).toBe(3);
    expect(result.stoppedAtDeadline).toEqual({ notStarted: 2 });
    expect((await world.engine.status()).pending).toBe(2);
    // The next task picks up the rest; with time to spare it reports no deadline stop.
    const next = await world.engine.populate({}, { maxDurationMs: minutes(60), onProgress: () => (clock += minutes(4)) });
    expect(next.counts.matched).toBe(2);
    expect(next.stoppedAtDeadline).toBeUndefined();
    expect((await world.engine.status()).pending).toBe(0);
  });

  it('a deadline already spent starts nothing (maxDurationMs 0)', async () => {
    const result = await world.engine.populate({}, { maxDurationMs: 0 });
    expect(result.outcomes).toEqual([]);
    expect(result.stoppedAtDeadline).toEqual({ notStarted: 5 });
  });

  it('with reserve-jobs and a limit, a deadline reached after some attempts reports as not started what is left of the limit', async () => {
    // With reserve-jobs all 5 pending keys are shuffled in; limit 3, and the first attempt spends the
    // 1-minute budget, so 3 − 1 = 2 were not started (not the 4 keys still listed).
    const jobs = new JobReserver(new InMemoryJobStore(), { tableName: 't', owner: { host: 'node', pid: 1 }, heartbeatMs: 1e9 });
    const result = await world.engine.populate({}, { jobs, limit: 3, maxDurationMs: minutes(1), onProgress: () => (clock += minutes(4)) });
    expect(result.counts.matched).toBe(1);
    expect(result.stoppedAtDeadline).toEqual({ notStarted: 2 });
  });

  it('with reserve-jobs, --limit counts only attempts this worker ran: keys held elsewhere do not use it up', async () => {
    const store = new InMemoryJobStore();
    const tableName = 'spikesorting_v1_recompute.__recording_recompute';
    const other = new JobReserver(store, { tableName, owner: { host: 'node-b', pid: 9 }, heartbeatMs: 1e9 });
    const selections = await world.store.listSelections({});
    // Another node holds three of the five keys.
    const held = await Promise.all(
      selections.slice(0, 3).map((s) => other.reserve({ ...s.recording, env_id: s.envId, ...s.params } as Record<string, string | number>)),
    );
    expect(held.every((lease) => lease !== null)).toBe(true);
    const jobs = new JobReserver(store, { tableName, owner: { host: 'node-a', pid: 1 }, heartbeatMs: 1e9 });
    const result = await world.engine.populate({}, { jobs, limit: 2 });
    expect(result.counts.matched).toBe(2);
    const second = await world.engine.populate({}, { jobs, limit: 2 });
    expect(second.counts.matched).toBe(0); // the rest are held elsewhere
    expect(second.counts['reserved-elsewhere']).toBeGreaterThan(0);
    for (const lease of held) await lease!.complete();
  });

  it('array tasks with --limit share the work: 5 keys, limit 2 → 2, 2, 1, 0', async () => {
    const store = new InMemoryJobStore();
    const done: number[] = [];
    for (let task = 0; task < 4; task += 1) {
      const jobs = new JobReserver(store, { tableName: 't', owner: { host: 'node', pid: 100 + task }, heartbeatMs: 1e9 });
      done.push((await world.engine.populate({}, { jobs, limit: 2 })).counts.matched);
    }
    expect(done).toEqual([2, 2, 1, 0]);
  });
});
