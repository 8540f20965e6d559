#!/usr/bin/env node
// Writes oclif.manifest.json (every command's id, flags and args) after `tsc`. With it, oclif
// loads only the module of the command being run; without it, every invocation would load
// every command — and with them MikroORM and all database drivers — just to find one.
// Uses oclif's own discovery (Config.load on a tree without a manifest), so the file is
// exactly what oclif would compute at run time.
const { writeFileSync, rmSync, renameSync } = require('node:fs');
const path = require('node:path');
const { Config } = require('@oclif/core');

async function main() {
  const root = path.resolve(__dirname, '..');
  const target = path.join(root, 'oclif.manifest.json');
  rmSync(target, { force: true }); // discover from dist/, never from a stale manifest
  const config = await Config.load({ root, ignoreManifest: true });
  const plugin = config.plugins.get(config.pjson.name);
  const manifest = plugin?.manifest;
  const commands = Object.keys(manifest?.commands ?? {});
  if (commands.length === 0) throw new Error(`no commands found under ${root}/dist/commands (build first)`);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temp, target);
  process.stdout.write(`oclif.manifest.json: ${commands.length} commands\n`);
}

main().catch((error) => {
  process.stderr.write(`writeOclifManifest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
