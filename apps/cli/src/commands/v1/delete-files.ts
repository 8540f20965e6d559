import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { deleteFilesCommand } from '../../pipeline-commands/deleteFilesCommand';

export default deleteFilesCommand(v1RecomputeModule);
