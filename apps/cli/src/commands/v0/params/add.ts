import { paramsAddCommand } from '../../../pipeline-commands/paramsAddCommand';

export default paramsAddCommand('v0');
