import * as Args from '@oclif/core/args';
import { describeRecording, type RecomputeModule, type RecordingDescription, type RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { formatBytes } from '../output/formatBytes';

/** `recompute {v0|v1} show KEY [--json]`. */
export function showCommand(module: RecomputeModule<RecordingKey>) {
  return class Show extends PipelineCommand {
    static override summary = `Everything about one ${module.name} recording: its inputs, file, hashes, versions and every recompute attempt.`;
    static override examples = [
      { description: 'One recording (KEY as printed by list)', command: `<%= config.bin %> ${module.name} show KEY` },
      { description: 'The same as JSON', command: `<%= config.bin %> ${module.name} show KEY --json` },
    ];
    static override args = { key: Args.string({ description: module.keyDescription, required: true }) };

    public async run(): Promise<RecordingDescription<RecordingKey>> {
      const text = (this.args as { key: string }).key;
      const described = await this.withEngine(
        module,
        async (engine, context) => describeRecording(engine, await module.resolveKey(text, context)),
        {
          // Like `status`: creates no database and stores no environment row.
          readOnly: true,
        },
      );
      this.log(describe(module.name, described).join('\n'));
      return described;
    }
  };
}

/** The human form of a {@link RecordingDescription}: one fact a line, attempts indented. */
function describe(pipeline: string, d: RecordingDescription<RecordingKey>): string[] {
  const lines = [
    `${pipeline} recording ${d.keyText}: ${d.state}`,
    ...Object.entries(d.attributes)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `  ${name}: ${value}`),
    `  path: ${d.path} (${d.exists ? formatBytes(d.bytes) : 'absent'})`,
    `  hash: ${d.hash ?? 'not stored (run update-ids while the file exists)'}`,
    `  versions: ${
      d.versions === null
        ? `not recorded (run \`recompute ${pipeline} versions populate\`)`
        : Object.entries(d.versions)
            .map(([name, v]) => `${name} ${v}`)
            .join(', ')
    }`,
  ];
  if (d.attempts.length === 0) lines.push(`  attempts: none (select one with \`recompute ${pipeline} attempt\`)`);
  for (const attempt of d.attempts) {
    const params = Object.entries(attempt.params)
      .map(([name, value]) => ` ${name} ${value}`)
      .join('');
    const when = attempt.createdAt === null ? '' : ` at ${new Date(attempt.createdAt).toISOString()}`;
    lines.push(`  attempt in environment ${attempt.envId}${params}: ${attempt.state}${when}`);
    if (attempt.xfailReason !== null) lines.push(`    expected failure: ${attempt.xfailReason}`);
    if (attempt.errMsg !== null) lines.push(`    error: ${attempt.errMsg}`);
    for (const name of attempt.names)
      lines.push(`    missing from ${name.missingFrom === 'old' ? 'the original' : 'the regenerated copy'}: ${name.name}`);
    for (const hash of attempt.hashes)
      lines.push(`    differs: ${hash.name}${hash.maxAbsDiff === null ? '' : ` (max |Δ| ${hash.maxAbsDiff}, max rel ${hash.maxRelDiff})`}`);
  }
  return lines;
}
