import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { fetchCommand } from '../../pipeline-commands/fetchCommand';

export default fetchCommand(v1RecomputeModule);
