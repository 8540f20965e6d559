import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { diffCommand } from '../../pipeline-commands/diffCommand';

export default diffCommand(v1RecomputeModule);
