import { v0RecomputeModule } from '@spyglass-recompute/v0';
import { fetchCommand } from '../../pipeline-commands/fetchCommand';

export default fetchCommand(v0RecomputeModule);
