import { v0RecomputeModule } from '@spyglass-recompute/v0/recompute-module';
import { versionsPopulateCommand } from '../../../pipeline-commands/versionsPopulateCommand';

export default versionsPopulateCommand(v0RecomputeModule);
