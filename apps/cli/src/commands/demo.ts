import { Flags } from '@oclif/core';
import { BaseCommand } from '../BaseCommand';
import { runDemo, type DemoSummary } from '../demo/runDemo';
import { formatBytes } from '../pipeline-commands/statusCommand';

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary = 'End-to-end walkthrough on the embedded SQLite default: generate → ingest → create → verify → delete → regenerate on demand.';
  static override description =
    'Generates a realistic raw NWB file (tetrodes, Unix-epoch timestamps with a gap), ingests it, creates a v1 analysis file and a v0 folder per tetrode, proves every one regenerates identically, deletes them, then fetches one of each back (regenerated and hash-verified). Needs no database server; works in a fresh folder.';
  static override examples = [
    { description: 'Run the walkthrough in a fresh temp folder', command: '<%= config.bin %> demo' },
    { description: 'A longer recording in a chosen folder, machine-readable', command: '<%= config.bin %> demo --dir ./demo-data --duration 60 --json' },
  ];
  static override flags = {
    dir: Flags.string({ summary: 'Empty or new folder for the demo’s data and database (default: a fresh temp folder).' }),
    duration: Flags.integer({ summary: 'Length of the synthetic recording in seconds.', default: 20, min: 2 }),
    tetrodes: Flags.integer({ summary: 'Number of tetrodes (one sort group each).', default: 4, min: 1, max: 64 }),
  };

  public async run(): Promise<DemoSummary> {
    const summary = await runDemo({
      dir: this.flags.dir === undefined ? undefined : this.userPath(this.flags.dir),
      durationSeconds: this.flags.duration,
      tetrodes: this.flags.tetrodes,
      log: (message) => this.progress(message),
    });
    const t = summary.timingsSeconds;
    this.log(
      [
        `Demo data: ${summary.dir} (database ${summary.database})`,
        `Raw file: ${summary.rawSamples} samples × ${summary.channels} channels, ${summary.validTimePieces} valid-time pieces; environment ${summary.environment}`,
        `v1: ${summary.v1.recordings} analysis NWB files (${formatBytes(summary.v1.bytesCreated)}), ${summary.v1.matched} regenerated identically, ${formatBytes(summary.v1.bytesFreed)} freed`,
        `v0: ${summary.v0.recordings} binary folders (${formatBytes(summary.v0.bytesCreated)}), ${summary.v0.matched} regenerated identically, ${formatBytes(summary.v0.bytesFreed)} freed`,
        `Fetched back (regenerated + verified): ${summary.v1.fetched.path} ${summary.v1.fetched.hash}`,
        `                                       ${summary.v0.fetched.path} ${summary.v0.fetched.hash}`,
        `Total freed: ${formatBytes(summary.bytesFreed)}. Timings (s): ${Object.entries(t).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ].join('\n'),
    );
    return summary;
  }
}
