// Offline native builds: pnpm passes lifecycle scripts only a few environment variables and does
// not read npm's `nodedir`, so node-gyp (better-sqlite3, when no prebuilt binary can be fetched)
// would download Node's headers. Where this Node's own headers are installed, build against them.
const fs = require('node:fs');
const path = require('node:path');

function installedNodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const header = path.join(prefix, 'include', 'node', 'node_version.h');
  try {
    const text = fs.readFileSync(header, 'utf8');
    const version = ['MAJOR', 'MINOR', 'PATCH'].map((name) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1]).join('.');
    return `v${version}` === process.version ? prefix : undefined;
  } catch {
    return undefined;
  }
}

module.exports = {
  hooks: {
    updateConfig(config) {
      const nodedir = installedNodeDir();
      return nodedir === undefined ? config : { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: nodedir } };
    },
  },
};
