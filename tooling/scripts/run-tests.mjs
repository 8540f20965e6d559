#!/usr/bin/env node
// Runs the whole jest suite once (all packages) with the Node flags our ESM-only
// dependencies need, forwarding any extra CLI arguments to jest.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The database tests need a MySQL-compatible server unless RECOMPUTE_TEST_BACKENDS leaves it out.
// Without one, every such test would fail on its own ("check RECOMPUTE_DB_URL", dozens of times):
// check once, before jest starts, and say how to run without it. (Same parsing as the schema
// package's testBackends/testServerAddress.)
const backends = (process.env.RECOMPUTE_TEST_BACKENDS?.trim() || 'sqlite,mariadb,mysql').split(',').map((b) => b.trim().toLowerCase());
if (backends.some((b) => b === 'mariadb' || b === 'mysql')) {
  const address = (process.env.RECOMPUTE_TEST_MYSQL_URL?.trim() || 'root@127.0.0.1:3306').replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const hostPort = address.slice(address.lastIndexOf('@') + 1);
  const [host, port] = hostPort.startsWith('[') ? [hostPort.slice(1, hostPort.indexOf(']')), hostPort.split(']:')[1]] : hostPort.split(':');
  const problem = await new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port || 3306) });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(3000, () => done('no answer within 3 s'));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(error.code ?? error.message));
  });
  if (problem !== null) {
    process.stderr.write(
      `The database tests need a MySQL/MariaDB server at ${host}:${port || 3306} (user root, no password), which is not reachable (${problem}).\n` +
        '  Start one (e.g. `sudo service mariadb start`), point the tests elsewhere with RECOMPUTE_TEST_MYSQL_URL=user:pass@host:port,\n' +
        '  or run the SQLite half only: `RECOMPUTE_TEST_BACKENDS=sqlite pnpm test` (`pnpm test:sqlite`).\n',
    );
    process.exit(1);
  }
}

const nodeOptions = [process.env.NODE_OPTIONS ?? '', '--experimental-vm-modules', '--disable-warning=ExperimentalWarning'].join(' ').trim();
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jestBin, '--config', path.join(root, 'jest.config.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
process.exit(result.status ?? 1);
