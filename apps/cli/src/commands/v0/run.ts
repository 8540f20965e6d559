import { v0RecomputeModule } from '@spyglass-recompute/v0';
import { runCommand } from '../../pipeline-commands/runCommand';

export default runCommand(v0RecomputeModule);
