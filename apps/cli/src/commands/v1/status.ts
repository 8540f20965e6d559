import { v1RecomputeModule } from '@spyglass-recompute/v1';
import { statusCommand } from '../../pipeline-commands/statusCommand';

export default statusCommand(v1RecomputeModule);
