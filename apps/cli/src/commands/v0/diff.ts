import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { diffCommand } from '../../pipeline-commands/diffCommand';

export default diffCommand(v0RecomputeModule);
