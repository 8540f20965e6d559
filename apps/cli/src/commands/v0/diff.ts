import { v0RecomputeModule } from '@spyglass-recompute/v0';
import { diffCommand } from '../../pipeline-commands/diffCommand';

export default diffCommand(v0RecomputeModule);
