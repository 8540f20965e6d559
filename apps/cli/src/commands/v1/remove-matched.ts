import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { removeMatchedCommand } from '../../pipeline-commands/removeMatchedCommand';

export default removeMatchedCommand(v1RecomputeModule);
