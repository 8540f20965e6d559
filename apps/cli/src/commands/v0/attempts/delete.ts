import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { deleteAttemptsCommand } from '../../../pipeline-commands/deleteAttemptsCommand';

export default deleteAttemptsCommand(v0RecomputeModule);
