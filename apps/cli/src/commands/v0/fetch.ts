import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { fetchCommand } from '../../pipeline-commands/fetchCommand';

export default fetchCommand(v0RecomputeModule);
