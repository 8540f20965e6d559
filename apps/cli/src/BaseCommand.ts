import path from 'node:path';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';
import { ExitCode, isRecomputeError, type RecomputeErrorCode } from '@spyglass-recompute/errors';
// The subpath, not the package index: every command (`hash` included) loads this file, and the
// index pulls in MikroORM and the database drivers (lightModules.test.ts).
import { schemaErrors } from '@spyglass-recompute/schema/errors';
import { cliErrors } from './cliErrors';
import { resolveCliConfig, type CliConfig } from './config/resolveCliConfig';
import { layoutFlags } from './flags/layoutFlags';

/**
 * Commands that write rows the Spyglass layout cannot hold the way Spyglass's Python would
 * (new recordings and analysis files, ingest, parameter / sort-group / interval rows): with
 * `--layout spyglass` they fail with `DB_LAYOUT_UNSUPPORTED` naming the command.
 */
const SPYGLASS_LAYOUT_UNSUPPORTED = new Set([
  'ingest',
  'demo',
  'v0:recording:create',
  'v1:recording:create',
  'v0:params:add',
  'v1:params:add',
  'v0:sort-group:set',
  'v1:sort-group:set',
  'v0:sort-interval:add',
  'interval:add',
]);

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The `{"error": {...}}` document printed with `--json` (cli.md). */
export interface ErrorJson {
  error: { code: RecomputeErrorCode; message: string; details?: Record<string, unknown> };
}

/**
 * Shared base of every `recompute` command: `--json`, `--db`, `--base-dir`, resolved
 * configuration, and the one place where errors become exit codes (cli.md):
 * 0 ok · 1 runtime · 2 bad usage/input · 4 verification failed.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    db: Flags.string({
      summary: 'Database URL (mysql://, mariadb:// or sqlite:///path). Default: embedded SQLite under the base dir.',
      env: 'RECOMPUTE_DB_URL',
      helpGroup: 'GLOBAL',
    }),
    'base-dir': Flags.string({
      summary: 'Spyglass base directory (SPYGLASS_BASE_DIR); raw/analysis/recording/tmp default below it.',
      env: 'SPYGLASS_BASE_DIR',
      helpGroup: 'GLOBAL',
    }),
    ...layoutFlags,
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  protected cliConfig!: CliConfig;
  /** Every positional argument, for variadic commands (`static strict = false`). */
  protected positionals!: string[];

  public override async init(): Promise<void> {
    await super.init();
    const { args, argv, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    }).catch((error: unknown) => {
      // Whatever fails while parsing the command line is bad usage (exit 2), also when an
      // argument parser throws a plain Error.
      if (isRecomputeError(error) || (error as { oclif?: unknown }).oclif !== undefined || !(error instanceof Error)) throw error;
      throw cliErrors.usage(error, this.config.bin, this.id);
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.positionals = argv as string[];
    this.cliConfig = resolveCliConfig(
      { db: this.flags.db, baseDir: this.flags['base-dir'], layout: this.flags.layout, schemaPrefix: this.flags['schema-prefix'] },
      process.env,
      process.cwd(),
    );
    if (this.cliConfig.layout === 'spyglass' && /^sqlite:/i.test(this.cliConfig.dbUrl)) {
      throw schemaErrors.layoutNeedsServer();
    }
    if (this.cliConfig.layout === 'spyglass' && SPYGLASS_LAYOUT_UNSUPPORTED.has(this.id ?? '')) {
      const command = `${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')}`;
      throw cliErrors.commandNeedsOwnLayout(command);
    }
  }

  /**
   * A path argument or flag as an absolute path, resolved against the directory the user ran the
   * command in (under `pnpm recompute` the launcher has already changed into it), so relative
   * paths mean what the user typed and every error names the absolute path.
   */
  protected userPath(given: string): string {
    return path.resolve(process.cwd(), given);
  }

  /** Progress and notes for humans: stderr, and silent with `--json` or when stderr is not a TTY. */
  protected progress(message: string): void {
    if (!this.jsonEnabled() && process.stderr.isTTY) process.stderr.write(`${message}\n`);
  }

  /** Translates any failure into the CLI contract's exit code and error output; never rethrows. */
  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    const body = describeError(err);
    process.exitCode = body.exitCode;
    if (this.jsonEnabled()) {
      this.logJson({ error: body.error } satisfies ErrorJson);
    } else {
      process.stderr.write(`Error [${body.error.code}]: ${body.error.message}\n`);
      if (body.exitCode === ExitCode.runtime && !isRecomputeError(err) && err.stack) {
        process.stderr.write(`${err.stack}\nThis looks like a bug in recompute; please report it with the output above.\n`);
      }
    }
  }
}

function describeError(err: Error & { exitCode?: number; oclif?: { exit?: number } }): ErrorJson & { exitCode: number } {
  if (isRecomputeError(err)) return { error: err.toJSON(), exitCode: err.exitCode };
  // oclif's own parse/validation errors (unknown flag, missing arg) carry `oclif.exit` = 2.
  if (err.oclif?.exit !== undefined) {
    const exitCode = err.oclif.exit === 0 ? 0 : ExitCode.badInput;
    return { error: { code: 'USAGE', message: err.message }, exitCode };
  }
  return { error: { code: 'INTERNAL', message: err.message }, exitCode: ExitCode.runtime };
}
