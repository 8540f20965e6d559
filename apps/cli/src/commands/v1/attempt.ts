import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { attemptCommand } from '../../pipeline-commands/attemptCommand';

export default attemptCommand(v1RecomputeModule);
