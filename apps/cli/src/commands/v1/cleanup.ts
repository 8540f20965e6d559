import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { cleanupCommand } from '../../pipeline-commands/cleanupCommand';

export default cleanupCommand(v1RecomputeModule);
