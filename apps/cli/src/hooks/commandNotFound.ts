import type { Hook } from '@oclif/core/hooks';
import { ExitCode } from '@spyglass-recompute/errors';
import type { ErrorJson } from '../BaseCommand';

/**
 * An unknown command is bad usage (exit 2); with `--json` a script still gets the JSON error
 * document on stdout (cli.md), which oclif's default handler does not print.
 */
const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const shown = options.id.replaceAll(':', ' ');
  const message = `Unknown command "${shown}". Run \`${options.config.bin} --help\` for the list of commands.`;
  if ((options.argv ?? []).includes('--json')) {
    const body: ErrorJson = { error: { code: 'COMMAND_NOT_FOUND', message } };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    this.exit(ExitCode.badInput);
  }
  this.error(message, { code: 'COMMAND_NOT_FOUND', exit: ExitCode.badInput });
};

export default commandNotFound;
