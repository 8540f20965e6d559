import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { hashDirectory, type DirectoryHashResult } from '@spyglass-recompute/nwb';
import { BaseCommand } from '../../BaseCommand';

export default class HashDir extends BaseCommand<typeof HashDir> {
  static override summary = 'Hash a folder exactly like Spyglass’s DirectoryHasher (v0 recording folders).';
  static override examples = [
    {
      description: 'Digest of a v0 recording folder with every file’s token',
      command: '<%= config.bin %> hash dir recording/rec_folder --objects --json',
    },
  ];
  static override args = { dir: Args.string({ description: 'Folder to hash.', required: true }) };
  static override flags = {
    objects: Flags.boolean({ summary: 'Include the token of every file.', default: false }),
  };

  public async run(): Promise<Omit<DirectoryHashResult, 'files'> & Partial<Pick<DirectoryHashResult, 'files'>>> {
    const dir = this.userPath(this.args.dir);
    const { files, ...digest } = await hashDirectory(dir);
    this.log(`${digest.hash}  ${dir}  (${digest.algorithm})`);
    return this.flags.objects ? { ...digest, files } : digest;
  }
}
