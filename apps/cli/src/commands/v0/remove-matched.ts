import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { removeMatchedCommand } from '../../pipeline-commands/removeMatchedCommand';

export default removeMatchedCommand(v0RecomputeModule);
