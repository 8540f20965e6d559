import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { updateIdsCommand } from '../../pipeline-commands/updateIdsCommand';

export default updateIdsCommand(v0RecomputeModule);
