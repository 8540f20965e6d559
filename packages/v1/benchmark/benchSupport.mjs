// What the v1 benchmarks share: reading `--name value` arguments and loading the built packages
// (dist/, so `pnpm build` first; the bench scripts in package.json do).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(pkgDir, 'package.json'));

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The built v1 package and the workspace packages the benches drive. */
export function load() {
  return {
    v1: require(path.join(pkgDir, 'dist/index.js')),
    common: require('@spyglass-recompute/common'),
    engine: require('@spyglass-recompute/engine'),
    nwb: require('@spyglass-recompute/nwb'),
    schema: require('@spyglass-recompute/schema'),
  };
}
