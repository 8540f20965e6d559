import { paramsListCommand } from '../../../pipeline-commands/paramsListCommand';

export default paramsListCommand('v0');
