import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { runCommand } from '../../pipeline-commands/runCommand';

export default runCommand(v1RecomputeModule);
