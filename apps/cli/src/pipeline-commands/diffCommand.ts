import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { AttemptDiff, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { attemptParamFlags, attemptParamsFromFlags } from './filterFlags';

/** `recompute {v0|v1} diff KEY [--env-id ID]`. */
export function diffCommand(module: RecomputeModule<RecordingKey>) {
  return class Diff extends PipelineCommand {
    static override summary = `Show how a mismatched ${module.name} recompute differs from the original, object by object.`;
    static override description =
      'Lists objects missing from the old or new artefact and objects whose digests differ, with the largest absolute and relative numeric difference where it was measured.';
    static override examples = [
      { description: 'Differences of every attempt of one recording', command: `<%= config.bin %> ${module.name} diff KEY --json` },
    ];
    static override args = { key: Args.string({ description: module.keyDescription, required: true }) };
    static override flags = {
      ...attemptParamFlags(module),
      'env-id': Flags.string({ summary: 'Only the attempt made in this environment.' }),
    };

    public async run(): Promise<Array<AttemptDiff<RecordingKey>>> {
      const flags = this.flagValues;
      const text = (this.args as { key: string }).key;
      const diffs = await this.withEngine(
        module,
        async (engine, context) =>
          engine.diff({
            recording: await module.resolveKey(text, context),
            envId: flags['env-id'] as string | undefined,
            params: attemptParamsFromFlags(module, flags),
          }),
        { readOnly: true },
      );
      for (const diff of diffs) {
        this.log(attemptSentence(diff));
        for (const name of diff.names) this.log(`  missing from ${name.missingFrom}: ${name.name}`);
        for (const hash of diff.hashes) {
          const sizes = hash.maxAbsDiff === null ? '' : ` (max |Δ| ${hash.maxAbsDiff}, max rel ${hash.maxRelDiff})`;
          this.log(`  differs: ${hash.name}${sizes}`);
        }
      }
      if (diffs.length === 0) this.log('no recompute attempts for that recording');
      return diffs;
    }
  };
}

/** One sentence saying what an attempt found (the JSON output keeps the raw row). */
export function attemptSentence(diff: AttemptDiff<RecordingKey>): string {
  const { row } = diff;
  const params = Object.entries(row.params).map(([name, value]) => `${name} ${value}`);
  const where = `The attempt in environment ${row.envId}${params.length > 0 ? ` (${params.join(', ')})` : ''}`;
  const when = row.createdAt ? ` on ${new Date(row.createdAt).toISOString()}` : '';
  if (row.matched) {
    const file = row.deleted ? ' The original was then deleted; `fetch` regenerates it.' : '';
    return `${where} regenerated it identically${when}: nothing differs.${file}`;
  }
  if (row.errMsg !== null) return `${where} failed${when}: ${row.errMsg}`;
  const counts = [
    diff.hashes.length > 0 ? `${diff.hashes.length} object(s) differ` : '',
    diff.names.length > 0 ? `${diff.names.length} object(s) exist on one side only` : '',
  ].filter(Boolean);
  return `${where} did not match the original${when}: ${counts.join(' and ') || 'the file digests differ'}.`;
}
