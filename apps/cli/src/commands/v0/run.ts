import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { runCommand } from '../../pipeline-commands/runCommand';

export default runCommand(v0RecomputeModule);
