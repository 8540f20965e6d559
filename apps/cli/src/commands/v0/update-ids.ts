import { updateV0Ids, v0RecomputeModule, type UpdateV0IdsResult } from '@spyglass-recompute/v0';
import { BaseCommand } from '../../BaseCommand';
import { withRecomputeContext } from '../../context/withRecomputeContext';
import { ProgressMeter } from '../../output/ProgressMeter';
import { filterFlags, restrictionFromFlags } from '../../pipeline-commands/filterFlags';

export default class V0UpdateIds extends BaseCommand<typeof V0UpdateIds> {
  static override summary = 'Backfill the hash of v0 recording folders made before the recompute upgrade, from the folders on disk.';
  static override description = 'Missing folders are reported, not fatal.';
  static override examples = [{ description: 'Every pre-upgrade row', command: '<%= config.bin %> v0 update-ids --json' }];
  static override flags = { ...filterFlags(v0RecomputeModule) };

  public async run(): Promise<UpdateV0IdsResult> {
    const meter = new ProgressMeter('v0 update-ids', { unit: 'recordings', write: (line) => this.progress(line) });
    const result = await withRecomputeContext(this.cliConfig, { require: [this.cliConfig.roots.recording] }, (m) => this.progress(m), (context) =>
      updateV0Ids(context.em, context, {
        restriction: restrictionFromFlags(v0RecomputeModule, this.flags as Record<string, unknown>),
        onProgress: (done, total) => meter.update(done, total),
      }),
    );
    this.log(`updated ${result.updated.length}, already set ${result.alreadySet}, missing ${result.missing.length}, failed ${result.failed.length}`);
    return result;
  }
}
