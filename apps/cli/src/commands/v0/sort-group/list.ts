import { sortGroupListCommand } from '../../../pipeline-commands/sortGroupListCommand';

export default sortGroupListCommand('v0');
