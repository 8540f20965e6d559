import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { type PopulateResult, type RecomputeModule, type RecordingKey } from '@spyglass-recompute/engine';
import { ExitCode, RecomputeError, reviveRecomputeError } from '@spyglass-recompute/errors';
import { parseDbUrl } from '@spyglass-recompute/schema';
import { cliErrors } from '../cliErrors';
import { ProgressMeter } from '../output/ProgressMeter';
import { jobReserverFor } from '../context/jobStores';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';
import { filterThreadsPerWorker } from './filterThreadsPerWorker';

/** `recompute {v0|v1} run [FILTERS] [--workers N] [--reserve-jobs] [--recheck]`. */
export function runCommand(module: RecomputeModule<RecordingKey>) {
  return class Run extends PipelineCommand {
    static override summary = `Regenerate selected ${module.name} recordings, compare them with the originals and record the result (RecordingRecompute).`;
    static override description =
      'With --reserve-jobs each attempt is reserved in the jobs table first (DataJoint ~jobs semantics plus a heartbeat lease), so any number of processes on any number of machines can run against one MySQL/MariaDB database; a killed worker’s reservation expires and its key is retried. --workers N starts N such processes here.';
    static override examples = [
      { description: 'Run every pending attempt in this process', command: `<%= config.bin %> ${module.name} run` },
      {
        description: 'Four processes sharing the work through the jobs table',
        command: `<%= config.bin %> ${module.name} run --workers 4 --db mysql://me@db.lab/spyglass_recompute`,
      },
      { description: 'Ten pending attempts chosen at random', command: `<%= config.bin %> ${module.name} run --limit 10` },
      {
        description: "One task of a cluster array job: at most 20 attempts, no new one after 50 minutes (see the README's SLURM recipe)",
        command: `<%= config.bin %> ${module.name} run --reserve-jobs --limit 20 --max-minutes 50 --db mysql://me@db.lab/spyglass_recompute`,
      },
      {
        description: 'Re-hash the copies kept by mismatches (regenerating only missing ones)',
        command: `<%= config.bin %> ${module.name} run --recheck --mismatched`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptFilterFlags(module, { params: true, command: 'run' }),
      limit: Flags.integer({
        summary:
          'Run at most this many attempts, chosen at random (upstream attempt_all limit); with --workers, per worker; with --reserve-jobs, keys other workers hold do not count.',
        description: `Example: ${module.name} run --limit 10`,
        min: 1,
      }),
      'max-minutes': Flags.integer({
        summary:
          'Start no new attempt after this many minutes (the one under way is finished), then exit normally; for cluster array tasks with a wall-time limit.',
        description: `Example: ${module.name} run --reserve-jobs --max-minutes 50`,
        min: 0,
      }),
      regenerate: Flags.boolean({
        summary: 'With --recheck: regenerate even when the copy a mismatch kept still exists (after fixing the generator).',
        description: `Example: ${module.name} run --recheck --regenerate`,
        default: false,
      }),
      workers: Flags.integer({
        summary: 'Worker processes to start (each reserves jobs); needs MySQL/MariaDB when above 1.',
        min: 1,
        default: 1,
      }),
      'filter-threads': Flags.integer({
        summary:
          'Filter worker threads per regeneration (0: filter on the main thread); default with --workers N: the cores divided among the N processes, else min(4, cores).',
        description: `Example: ${module.name} run --workers 2 --filter-threads 1`,
        min: 0,
      }),
      'reserve-jobs': Flags.boolean({ summary: 'Reserve each attempt in the jobs table (safe alongside other workers).', default: false }),
      recheck: Flags.boolean({
        summary:
          "Redo attempts that have a result that is not a match; a mismatch's kept regenerated copy is re-hashed, regenerating only when it is gone.",
        default: false,
      }),
      force: Flags.boolean({ summary: 'Recompute even when a match already covers the attempt.', default: false }),
      'timeout-s': Flags.integer({ summary: 'Give up one regeneration after this many seconds (recorded as an error).', min: 1 }),
    };

    public async run(): Promise<PopulateResult<RecordingKey>> {
      const flags = this.flagValues;
      const workers = flags.workers as number;
      if ((flags.regenerate as boolean) && !(flags.recheck as boolean)) {
        // oclif's dependsOn counts a boolean with a default as given, so this is checked here.
        throw cliErrors.regenerateNeedsRecheck();
      }
      if (workers > 1) return this.runWorkerProcesses(workers);
      const meter = new ProgressMeter(`${module.name} run`, { unit: 'attempts', write: (line) => this.progress(line) });
      const result = await this.withEngine(
        module,
        (engine, context) =>
          engine.populate(restrictionFromFlags(module, flags), {
            recheck: flags.recheck as boolean,
            regenerate: flags.regenerate as boolean,
            force: flags.force as boolean,
            limit: flags.limit as number | undefined,
            maxDurationMs: flags['max-minutes'] === undefined ? undefined : (flags['max-minutes'] as number) * 60_000,
            attempts: attemptSelectorFromFlags(module, flags, { params: true }),
            timeoutMs: flags['timeout-s'] === undefined ? undefined : (flags['timeout-s'] as number) * 1000,
            jobs: (flags['reserve-jobs'] as boolean) ? jobReserverFor(module, context) : undefined,
            onProgress: (done, total) => meter.update(done, total),
          }),
        flags['filter-threads'] === undefined ? {} : { filterThreads: flags['filter-threads'] as number },
      );
      this.log(
        Object.entries(result.counts)
          .filter(([, n]) => n > 0)
          .map(([outcome, n]) => `${outcome} ${n}`)
          .join(' · ') || 'nothing to run',
      );
      if (result.stoppedAtDeadline)
        this.log(
          `stopped after --max-minutes ${flags['max-minutes'] as number}: ${result.stoppedAtDeadline.notStarted} chosen attempts left for the next run`,
        );
      return result;
    }

    /** Starts `workers` copies of this command with `--reserve-jobs` and merges their results. */
    private async runWorkerProcesses(workers: number): Promise<PopulateResult<RecordingKey>> {
      // In the Spyglass layout the URL names a server, not a database (and SQLite is refused there).
      if (this.cliConfig.layout !== 'spyglass' && parseDbUrl(this.cliConfig.dbUrl).scheme === 'sqlite') {
        throw cliErrors.workersNeedServer();
      }
      const bin = path.join(this.config.root, 'bin', 'run.js');
      const childArgs = [...stripWorkersFlag(this.argv), '--workers', '1', '--reserve-jobs', '--json'];
      // The processes share this machine's cores: each filters on its part of them.
      if (this.flagValues['filter-threads'] === undefined)
        childArgs.push('--filter-threads', String(filterThreadsPerWorker(availableParallelism(), workers)));
      const command = [module.name, 'run'];
      const settled = await Promise.allSettled(
        Array.from({ length: workers }, () => runChild(bin, [...command, ...childArgs], this.cliConfig.dbUrl)),
      );
      const failures = settled.flatMap((s, worker) => (s.status === 'rejected' ? [{ worker, error: s.reason as unknown }] : []));
      if (failures.length > 0) throw summariseWorkerFailures(failures, workers);
      const runs = settled.map((s) => (s as PromiseFulfilledResult<PopulateResult<RecordingKey>>).value);
      const merged: PopulateResult<RecordingKey> = { outcomes: [], counts: {} as PopulateResult<RecordingKey>['counts'] };
      for (const run of runs) {
        merged.outcomes.push(...run.outcomes);
        if (run.stoppedAtDeadline)
          merged.stoppedAtDeadline = { notStarted: (merged.stoppedAtDeadline?.notStarted ?? 0) + run.stoppedAtDeadline.notStarted };
        for (const [outcome, n] of Object.entries(run.counts)) {
          const key = outcome as keyof PopulateResult<RecordingKey>['counts'];
          merged.counts[key] = (merged.counts[key] ?? 0) + n;
        }
      }
      this.log(
        `${workers} workers: ` +
          (Object.entries(merged.counts)
            .filter(([, n]) => n > 0)
            .map(([o, n]) => `${o} ${n}`)
            .join(' · ') || 'nothing to run'),
      );
      return merged;
    }
  };
}

function stripWorkersFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--workers') i += 1;
    else if (arg.startsWith('--workers=') || arg === '--json' || arg === '--reserve-jobs') continue;
    else out.push(arg);
  }
  return out;
}

function runChild(bin: string, args: string[], dbUrl: string): Promise<PopulateResult<RecordingKey>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, RECOMPUTE_DB_URL: dbUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const body = JSON.parse(stdout) as PopulateResult<RecordingKey> | { error: { code: string; message: string } };
        // Keep the worker's own exit code (2 bad input, 4 verification) so scripts can tell them apart.
        const exitCode = code === ExitCode.badInput || code === ExitCode.verificationFailed ? code : ExitCode.runtime;
        if ('error' in body)
          throw reviveRecomputeError({ code: body.error.code, message: `worker failed: ${body.error.message}`, exitCode });
        resolve(body);
      } catch (error) {
        reject(error instanceof RecomputeError ? error : cliErrors.workerExitedWithoutResult(code, error));
      }
    });
  });
}

/**
 * One line for all failed workers (they usually fail the same way, e.g. the database was
 * dropped): the shared code when there is one, each worker's first message line in details.
 */
function summariseWorkerFailures(failures: Array<{ worker: number; error: unknown }>, workers: number): RecomputeError {
  const described = failures.map(({ worker, error }) => {
    const typed = error instanceof RecomputeError ? error : undefined;
    const message = (typed?.message ?? String(error)).split('\n')[0]!.replace(/^worker failed: /, '');
    return { worker: worker + 1, code: typed?.code ?? 'WORKER_FAILED', message, exitCode: typed?.exitCode ?? ExitCode.runtime };
  });
  return cliErrors.workersFailed(described, workers);
}
