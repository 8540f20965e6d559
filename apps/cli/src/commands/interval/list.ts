import { timeWindowListCommand } from '../../pipeline-commands/timeWindowListCommand';

export default timeWindowListCommand('interval');
