import * as Flags from '@oclif/core/flags';
import path from 'node:path';
import { maskDbUrl, sqliteUrl } from '@spyglass-recompute/schema';
import { BaseCommand } from '../BaseCommand';
import { environmentOwner } from '../context/currentEnvironment';
import { runDemo, type DemoSummary } from '../demo/runDemo';
import { formatBytes } from '../output/formatBytes';

/** Quotes a shell word when it needs it (paths with spaces), so printed commands paste as they are. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary =
    'End-to-end walkthrough on the embedded SQLite default: generate → ingest → create → verify → delete → regenerate on demand.';
  static override description =
    'Generates a realistic raw NWB file (tetrodes, Unix-epoch timestamps with a gap), ingests it, creates a v1 analysis file and a v0 folder per tetrode, proves every one regenerates identically, deletes them, then fetches one of each back (regenerated and hash-verified). Needs no database server; works in a fresh folder (--dir or --base-dir), with its own SQLite database unless --db is given. It ends with the commands that explore what it made.';
  static override examples = [
    { description: 'Run the walkthrough in a fresh temp folder', command: '<%= config.bin %> demo' },
    {
      description: 'A longer recording in a chosen folder, machine-readable',
      command: '<%= config.bin %> demo --dir ./demo-data --duration 60 --json',
    },
  ];
  static override flags = {
    dir: Flags.string({
      summary:
        'Empty or new folder for the demo’s data and database (default: --base-dir when given on the command line, else a fresh temp folder).',
    }),
    duration: Flags.integer({
      summary:
        'Length of the synthetic recording in seconds (at least 3: each half around the 1 s gap must be longer than the 1 s minimum segment).',
      default: 20,
      min: 3,
    }),
    tetrodes: Flags.integer({ summary: 'Number of tetrodes (one sort group each).', default: 4, min: 1, max: 64 }),
  };

  public async run(): Promise<DemoSummary> {
    // Only flags typed on the command line count: a lab's SPYGLASS_BASE_DIR / RECOMPUTE_DB_URL hold
    // real data, and the demo must never mix its synthetic file into them.
    const typed = (flag: string) => this.argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
    const dir = this.flags.dir ?? (typed('--base-dir') ? this.flags['base-dir'] : undefined);
    const summary = await runDemo({
      dir: dir === undefined ? undefined : this.userPath(dir),
      database: typed('--db') ? this.flags.db : undefined,
      durationSeconds: this.flags.duration,
      tetrodes: this.flags.tetrodes,
      log: (message) => this.progress(message),
    });
    this.log(this.closingLines(summary).join('\n'));
    return summary;
  }

  /** What the demo did, then where its data is, what the environment id means and how to explore it. */
  private closingLines(summary: DemoSummary): string[] {
    const t = summary.timingsSeconds;
    const owner = environmentOwner();
    const counter = summary.environment.slice(summary.environment.lastIndexOf('_') + 1);
    const where = `--base-dir ${shellWord(summary.dir)} --db ${shellWord(maskDbUrl(summary.database))}`;
    const bin = this.config.bin;
    const ownDatabase = summary.database === sqliteUrl(path.join(summary.dir, 'recompute.sqlite'));
    return [
      `Raw file: ${summary.rawFile} (${summary.rawSamples} samples × ${summary.channels} channels, ${summary.validTimePieces} valid-time pieces)`,
      `v1: ${summary.v1.recordings} analysis NWB files (${formatBytes(summary.v1.bytesCreated)}), ${summary.v1.matched} regenerated identically, ${formatBytes(summary.v1.bytesFreed)} freed`,
      `v0: ${summary.v0.recordings} binary folders (${formatBytes(summary.v0.bytesCreated)}), ${summary.v0.matched} regenerated identically, ${formatBytes(summary.v0.bytesFreed)} freed`,
      `Fetched back (regenerated + verified): ${summary.v1.fetched.path} ${summary.v1.fetched.hash}`,
      `                                       ${summary.v0.fetched.path} ${summary.v0.fetched.hash}`,
      `Total freed: ${formatBytes(summary.bytesFreed)}. Timings (s): ${Object.entries(t)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      '',
      `The demo's data is in ${summary.dir} (${formatBytes(summary.bytesOnDisk)} on disk: the raw file, the database and the two recordings fetched back); database ${maskDbUrl(summary.database)}.`,
      `Environment ${summary.environment} is {user}_{environment name}_{NN}: user ${owner.user}, environment name "${owner.envName}" (RECOMPUTE_ENV_NAME), installation ${counter}.` +
        ' Every attempt above was made and verified in it; when an installed package version changes, the next number is registered (`' +
        bin +
        ' env list`).',
      `Explore it (paste as is; from the repository, prefix \`pnpm\`):`,
      `  ${bin} v1 list ${where}`,
      `  ${bin} v0 list ${where}`,
      `  ${bin} v1 show ${summary.v1.fetched.key} ${where}`,
      `  ${bin} v1 status ${where}`,
      ...(ownDatabase ? [`Remove it with: rm -r ${shellWord(summary.dir)}`] : []),
    ];
  }
}
