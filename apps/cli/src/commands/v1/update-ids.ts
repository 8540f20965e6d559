import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { updateIdsCommand } from '../../pipeline-commands/updateIdsCommand';

export default updateIdsCommand(v1RecomputeModule);
