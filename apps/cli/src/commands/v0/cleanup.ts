import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { cleanupCommand } from '../../pipeline-commands/cleanupCommand';

export default cleanupCommand(v0RecomputeModule);
