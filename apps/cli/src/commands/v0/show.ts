import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { showCommand } from '../../pipeline-commands/showCommand';

export default showCommand(v0RecomputeModule);
