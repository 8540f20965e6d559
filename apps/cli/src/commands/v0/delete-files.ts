import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { deleteFilesCommand } from '../../pipeline-commands/deleteFilesCommand';

export default deleteFilesCommand(v0RecomputeModule);
