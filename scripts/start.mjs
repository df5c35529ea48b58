#!/usr/bin/env node
// Builds the station, then opens the desktop window where the Electron binary exists (fetching it
// first where the network allows); otherwise starts the browser-hosted station on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectronSqlite } from './electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const stationArgs = args.includes('--no-demo') ? args.filter((a) => a !== '--no-demo') : ['--demo', ...args];

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (
  !run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
) {
  process.stderr.write('The build failed; see the messages above.\n');
  process.exit(1);
}

let electron = electronBinary();
if (!electron && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !args.includes('--browser')) {
  process.stdout.write(
    'Fetching the Electron binary (npm ci skips it so that offline machines can install)…\n',
  );
  const fetched = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
  electron = electronBinary();
  if (!electron) {
    const output = `${fetched.stderr ?? ''}\n${fetched.stdout ?? ''}`;
    const why = output.split('\n').find((line) => /error/i.test(line)) ?? 'no answer';
    process.stdout.write(`Could not download Electron: ${why.trim()}\n`);
  }
}

if (electron && !args.includes('--browser')) {
  if (!buildElectronSqlite(root)) {
    process.stderr.write(
      'Could not build better-sqlite3 for Electron (no prebuilt download and no compiler); starting the browser-hosted station.\n',
    );
    electron = null;
  }
}

if (electron && !args.includes('--browser')) {
  const child = spawn(electron, ['.', ...stationArgs], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!args.includes('--browser')) {
    process.stdout.write(
      'The Electron binary is not available on this machine (it could not be downloaded), so the station\n' +
        'starts browser-hosted: the same screens and services, served on 127.0.0.1 only.\n',
    );
  }
  const hostArgs = stationArgs.filter((a) => a !== '--browser');
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...hostArgs], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
