import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { statusCommand } from '../../pipeline-commands/statusCommand';

export default statusCommand(v0RecomputeModule);
