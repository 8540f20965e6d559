import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { statusCommand } from '../../pipeline-commands/statusCommand';

export default statusCommand(v1RecomputeModule);
