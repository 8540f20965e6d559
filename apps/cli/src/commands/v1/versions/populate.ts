import { v1RecomputeModule } from '@spyglass-recompute/v1/recompute-module';
import { versionsPopulateCommand } from '../../../pipeline-commands/versionsPopulateCommand';

export default versionsPopulateCommand(v1RecomputeModule);
