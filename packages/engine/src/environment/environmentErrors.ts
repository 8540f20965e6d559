import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** Named factories for the typed errors of capturing and storing environments (bad input, exit 2, unless noted). */
export const environmentErrors = {
  /** A directory to capture from has no package.json. */
  packageDirInvalid(dir: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_PACKAGE_NOT_FOUND',
      message: `Cannot capture the environment: ${dir} has no package.json (pass the directory of a generating package).`,
      details: { dir },
    });
  },
  /** A generating package cannot be required from where the environment is captured. */
  packageNotInstalled(name: string, resolveFrom: string, packages: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'ENV_PACKAGE_NOT_FOUND',
      message: `Cannot capture the environment: ${name} is not installed where ${resolveFrom} can require it (install both ${packages.join(' and ')}).`,
      details: { package: name, resolveFrom },
    });
  },
  manifestUnreadable(file: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'ENV_MANIFEST_UNREADABLE',
      message: `Cannot read ${file} while capturing the environment.`,
      details: { file },
      cause,
    });
  },
  /** Concurrent writers kept taking the env ids this environment would get (exit 1). */
  idContention(user: string, envName: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_ID_CONTENTION',
      message: `Could not store the environment for ${user}_${envName}: env ids kept being taken concurrently.`,
      exitCode: ExitCode.runtime,
    });
  },
  notFound(envId: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_NOT_FOUND',
      message: `Unknown environment id "${envId}". List known ids with \`recompute env show --all\` or capture one with \`recompute env capture\`.`,
      details: { envId },
    });
  },
  idInvalid(envId: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_ID_INVALID',
      message: `--id ${JSON.stringify(envId)} is not a valid env id: use 1-127 letters, digits, '_', '.' or '-', starting with a letter or digit.`,
      details: { flag: '--id', envId },
    });
  },
  alreadyStored(envId: string, storedAs: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_ALREADY_STORED',
      message: `This environment is already stored as ${storedAs} (an environment is stored once); use that id, or change the environment before capturing it as ${envId}.`,
      details: { flag: '--id', envId, storedAs },
    });
  },
  idTaken(envId: string): RecomputeError {
    return new RecomputeError({
      code: 'ENV_ID_TAKEN',
      message: `Env id ${envId} is taken by another environment (compare them with \`recompute env diff current ${envId}\`); choose another --id.`,
      details: { flag: '--id', envId },
    });
  },
} as const;
