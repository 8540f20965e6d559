import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { attemptCommand } from '../../pipeline-commands/attemptCommand';

export default attemptCommand(v0RecomputeModule);
