import { sortGroupSetCommand } from '../../../pipeline-commands/sortGroupSetCommand';

export default sortGroupSetCommand('v0');
