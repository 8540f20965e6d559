import { timeWindowAddCommand } from '../../pipeline-commands/timeWindowAddCommand';

export default timeWindowAddCommand('interval');
