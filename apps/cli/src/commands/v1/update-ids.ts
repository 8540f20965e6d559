import { v1RecomputeModule } from '@spyglass-recompute/v1';
import { updateIdsCommand } from '../../pipeline-commands/updateIdsCommand';

export default updateIdsCommand(v1RecomputeModule);
