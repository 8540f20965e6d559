import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { listCommand } from '../../pipeline-commands/listCommand';

export default listCommand(v1RecomputeModule);
