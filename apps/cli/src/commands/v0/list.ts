import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { listCommand } from '../../pipeline-commands/listCommand';

export default listCommand(v0RecomputeModule);
