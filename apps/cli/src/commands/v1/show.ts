import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { showCommand } from '../../pipeline-commands/showCommand';

export default showCommand(v1RecomputeModule);
