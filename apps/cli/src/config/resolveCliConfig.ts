import { DATA_ROOT_SETTINGS, dataRootsUnder, type DataRoots } from '@spyglass-recompute/nwb';
import { cliErrors } from '../cliErrors';
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
  /**
   * With the Spyglass layout: the store locations DataJoint recorded (`dj.config['stores'][store]['location']`
   * of the installation that wrote the rows and files), when they differ from where this machine
   * reads the store (`roots`). Absent = the local root.
   */
  storeLocations: StoreLocationSettings;
}

/** Recorded DataJoint store locations (absolute POSIX paths), per store; absent = the local root. */
export interface StoreLocationSettings {
  raw?: string;
  analysis?: string;
}

/** The environment variables naming each store's recorded location. */
export const STORE_LOCATION_SETTINGS = { raw: 'RECOMPUTE_STORE_LOCATION_RAW', analysis: 'RECOMPUTE_STORE_LOCATION_ANALYSIS' } as const;

/**
 * Reads `RECOMPUTE_STORE_LOCATION_<STORE>`: a recorded location is a path on the machine that wrote
 * the database, so it is taken as given (not resolved against this cwd) and must be absolute.
 *
 * @throws RecomputeError `STORE_LOCATION_INVALID` (exit 2) naming the variable.
 */
function storeLocationsFrom(env: NodeJS.ProcessEnv): StoreLocationSettings {
  const out: StoreLocationSettings = {};
  for (const [store, variable] of Object.entries(STORE_LOCATION_SETTINGS) as Array<[keyof StoreLocationSettings, string]>) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (!path.posix.isAbsolute(value)) {
      throw cliErrors.storeLocationInvalid(variable, value);
    }
    out[store] = value.replace(/(.)\/+$/, '$1');
  }
  return out;
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
export function resolveCliConfig(overrides: CliConfigOverrides, env: NodeJS.ProcessEnv, cwd: string): CliConfig {
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
  return { dbUrl, dbUrlIsDefault: explicitUrl === undefined, roots, layout, schemaPrefix, storeLocations: storeLocationsFrom(env) };
}
