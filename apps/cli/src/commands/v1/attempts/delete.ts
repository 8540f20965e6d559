import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { deleteAttemptsCommand } from '../../../pipeline-commands/deleteAttemptsCommand';

export default deleteAttemptsCommand(v1RecomputeModule);
