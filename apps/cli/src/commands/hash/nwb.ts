import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { hashNwbFileWatched, hashNwbFiles, type NwbHashResult } from '@spyglass-recompute/nwb';
import { statSync } from 'node:fs';
import { BaseCommand } from '../../BaseCommand';
import { ProgressMeter } from '../../output/ProgressMeter';
import { formatBytes } from '../../output/formatBytes';
import { parseRoundingFlag } from '../../flags/parseRoundingFlag';

export default class HashNwb extends BaseCommand<typeof HashNwb> {
  static override summary = 'Hash NWB/HDF5 files exactly like Spyglass’s NwbfileHasher.';
  static override description =
    'Prints the spyglass-nwb digest (or spyglass-nwb-legacy with --legacy) of each file. Several files are hashed in parallel worker threads.';
  static override examples = [
    {
      description: 'Digest of an analysis file at the default precision (ProcessedElectricalSeries rounded to 4 decimals)',
      command: '<%= config.bin %> hash nwb analysis/rec.nwb --json',
    },
    { description: 'No rounding, with per-object digests', command: '<%= config.bin %> hash nwb rec.nwb --rounding 0 --objects --json' },
  ];
  static override strict = false;
  static override args = { file: Args.string({ description: 'NWB/HDF5 file(s) to hash.', required: true }) };
  static override flags = {
    rounding: Flags.string({
      summary: 'Decimal places for ProcessedElectricalSeries data (0 = none), or a JSON map group-name → places.',
      default: '4',
    }),
    legacy: Flags.boolean({ summary: 'Spyglass’s pre-fix metadata-only hash (algorithm spyglass-nwb-legacy).', default: false }),
    'batch-size': Flags.integer({
      summary: 'Rows read per batch (changes digests of string datasets, as in Spyglass).',
      min: 1,
      default: 32768,
    }),
    objects: Flags.boolean({ summary: 'Include the digest of every HDF5 object.', default: false }),
    timeout: Flags.integer({
      summary: 'Seconds one file may take before it fails with HDF5_TIMEOUT (damaged files can make the HDF5 library loop).',
      description: 'Default: 120 s plus 1 s per 8 MiB of the file (about 23 minutes for 10 GiB).',
      env: 'RECOMPUTE_HDF5_TIMEOUT',
      min: 1,
    }),
  };

  public async run(): Promise<HashedFile | Array<HashedFile | FailedFile>> {
    const files = this.positionals.map((file) => this.userPath(file));
    const options = {
      precision: parseRoundingFlag(this.flags.rounding),
      legacy: this.flags.legacy,
      batchSize: this.flags['batch-size'],
      objects: this.flags.objects,
    };
    const timeoutMs = this.flags.timeout === undefined ? undefined : this.flags.timeout * 1000;
    if (files.length === 1) {
      const meter = new ProgressMeter(`hashing ${files[0]} (${formatBytes(statSync(files[0]!, { throwIfNoEntry: false })?.size ?? 0)})`, {
        unit: 'objects',
        write: (line) => this.progress(line),
      });
      const onObject = (done: number, total: number, objectPath: string) => meter.update(done, total, objectPath);
      const result = { path: files[0]!, ...(await hashNwbFileWatched(files[0]!, options, { onObject, timeoutMs })) };
      this.log(`${result.hash}  ${result.path}  (${result.algorithm})`);
      return result;
    }
    this.progress(`hashing ${files.length} files in parallel worker threads…`);
    const outcomes = await hashNwbFiles(files, options, { timeoutMs });
    const results = outcomes.map((o) => (o.ok ? { path: o.path, ...o.result } : { path: o.path, error: o.error.toJSON() }));
    for (const r of results)
      this.log('hash' in r ? `${r.hash}  ${r.path}  (${r.algorithm})` : `ERROR [${r.error.code}] ${r.error.message}`);
    const firstFailure = outcomes.find((o) => !o.ok);
    // Every file is reported; the exit code still tells a script that one of them failed.
    if (firstFailure && !firstFailure.ok) process.exitCode = firstFailure.error.exitCode;
    return results;
  }
}

/** One hashed file in `recompute hash nwb` output. */
export type HashedFile = NwbHashResult & { path: string };
/** One file that could not be hashed (multi-file runs report it instead of stopping). */
export interface FailedFile {
  path: string;
  error: { code: string; message: string };
}
