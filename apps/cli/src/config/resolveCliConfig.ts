import { DATA_ROOT_SETTINGS, dataRootsUnder, type DataRoots } from '@spyglass-recompute/nwb';
import { defaultDbUrl } from '@spyglass-recompute/schema/db-url';
import path from 'node:path';

/** Where everything lives: the database and the Spyglass data roots (cli.md "Configuration"). */
export interface CliConfig {
  /** Database URL; the default is the embedded SQLite file under the base dir. */
  dbUrl: string;
  /** Whether `dbUrl` came from the default rather than a flag/env. */
  dbUrlIsDefault: boolean;
  roots: DataRoots;
  /** `own`: this tool's tables in the database `dbUrl` names; `spyglass`: a lab's DataJoint schemas on that server. */
  layout: 'own' | 'spyglass';
  /** With the Spyglass layout: DataJoint's schema-name prefix ('' when none). */
  schemaPrefix: string;
}


/** Flag values that override the environment. */
export interface CliConfigOverrides {
  db?: string;
  baseDir?: string;
  layout?: 'own' | 'spyglass';
  schemaPrefix?: string;
}

/**
 * Resolves configuration with the precedence flags > environment > defaults, using Spyglass's
 * variable names (`SPYGLASS_BASE_DIR`, `SPYGLASS_RAW_DIR`, ...) so a lab's existing settings apply.
 */
export function resolveCliConfig(
  overrides: CliConfigOverrides,
  env: NodeJS.ProcessEnv,
  cwd: string,
): CliConfig {
  const base = path.resolve(cwd, overrides.baseDir ?? env.SPYGLASS_BASE_DIR ?? 'spyglass-data');
  const defaults = dataRootsUnder(base);
  // Each SPYGLASS_*_DIR overrides its root; the others keep the default layout below base.
  const root = (key: Exclude<keyof DataRoots, 'base'>): string => path.resolve(cwd, env[DATA_ROOT_SETTINGS[key]] ?? defaults[key]);
  const roots: DataRoots = { base, raw: root('raw'), analysis: root('analysis'), recording: root('recording'), temp: root('temp') };
  const explicitUrl = overrides.db ?? env.RECOMPUTE_DB_URL;
  // Built by the schema package's rule (segments percent-encoded): a base dir holding `#`, `?`,
  // `%` or spaces must name the same file when the URL is parsed back.
  const dbUrl = explicitUrl ?? defaultDbUrl(base);
  const layout = overrides.layout ?? (env.RECOMPUTE_DB_LAYOUT === 'spyglass' ? 'spyglass' : 'own');
  const schemaPrefix = overrides.schemaPrefix ?? env.RECOMPUTE_SCHEMA_PREFIX ?? '';
  return { dbUrl, dbUrlIsDefault: explicitUrl === undefined, roots, layout, schemaPrefix };
}
