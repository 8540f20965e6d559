import { v0RecomputeModule } from '@spyglass-recompute/v0';
import { deleteAttemptsCommand } from '../../../pipeline-commands/deleteAttemptsCommand';

export default deleteAttemptsCommand(v0RecomputeModule);
