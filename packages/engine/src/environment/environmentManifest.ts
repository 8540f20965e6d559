import type { EnvironmentRecord } from './EnvironmentSnapshot';

/** What {@link environmentManifest} produces: the two files and what could not be pinned. */
export interface EnvironmentManifest {
  /** `package.json`: every installable package pinned exactly, as dependencies and overrides. */
  packageJson: Record<string, unknown>;
  /** `package-lock.json` (lockfile v3, flat): one registry entry per pinned package. */
  packageLock: Record<string, unknown>;
  /** Packages left out, with why: workspace/linked/editable code, several versions, missing. */
  notInstallable: Record<string, string>;
}

/** Options of {@link environmentManifest}. */
export interface EnvironmentManifestOptions {
  /** @default https://registry.npmjs.org */
  registry?: string;
}

/**
 * A reinstallable manifest of a stored environment, the counterpart of upstream's
 * `UserEnvironment.write_env_yaml`: a `package.json` that pins every registry package of the
 * snapshot exactly (dependencies + `overrides`, so transitive versions are forced too) and a
 * flat lockfile excerpt, which `npm ci` installs without resolving anything. Packages whose
 * bytes a version does not pin (workspace, linked, editable), names installed at several
 * versions and missing ones cannot be reinstalled from a registry: they are listed instead.
 */
export function environmentManifest(record: EnvironmentRecord, options: EnvironmentManifestOptions = {}): EnvironmentManifest {
  const registry = (options.registry ?? 'https://registry.npmjs.org').replace(/\/+$/, '');
  const pinned: Record<string, string> = {};
  const notInstallable: Record<string, string> = {};
  for (const [name, version] of Object.entries(record.env.packages)) {
    const editable = record.env.editable[name];
    if (editable !== undefined) notInstallable[name] = `not from a registry (${editable})`;
    else if (version === 'MISSING') notInstallable[name] = 'was missing from the installation';
    else if (version.includes(' | ')) notInstallable[name] = `installed at several versions (${version})`;
    else pinned[name] = version;
  }
  const packageName = `recompute-env-${record.envId.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`;
  const packageJson = {
    name: packageName,
    version: '0.0.0',
    private: true,
    description: `Packages of the stored recompute environment ${record.envId} (env_hash ${record.envHash}), pinned for \`npm ci\`.`,
    engines: { node: record.env.runtime.node },
    dependencies: pinned,
    overrides: pinned,
    recompute: { envId: record.envId, envHash: record.envHash, runtime: record.env.runtime, notInstallable },
  };
  const lockPackages: Record<string, unknown> = { '': { name: packageName, version: '0.0.0', dependencies: pinned } };
  for (const [name, version] of Object.entries(pinned)) {
    const base = name.startsWith('@') ? name.split('/')[1] : name;
    lockPackages[`node_modules/${name}`] = { version, resolved: `${registry}/${name}/-/${base}-${version}.tgz` };
  }
  const packageLock = { name: packageName, version: '0.0.0', lockfileVersion: 3, requires: true, packages: lockPackages };
  return { packageJson, packageLock, notInstallable };
}
