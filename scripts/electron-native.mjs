#!/usr/bin/env node
// Builds better-sqlite3 for Electron beside node_modules, once per version (used by start.mjs and
// the Electron smoke test; run directly, it exits 0 when the build is there).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function run(command, commandArgs, options) {
  return spawnSync(command, commandArgs, { stdio: 'inherit', ...options }).status === 0;
}

/**
 * better-sqlite3 built for Electron beside node_modules (electron/store/native-binding.ts says
 * where and why), leaving npm ci's Node build in place for the CLI and the tests. It is built in a
 * copy of the package: a prebuilt binary when one can be downloaded, else compiled. serialport and
 * usb load N-API prebuilds that serve both runtimes, so they need nothing.
 */
export function buildElectronSqlite(root) {
  const { electronSqliteBindingPath, ELECTRON_NATIVE_DIR } = require(
    join(root, 'out', 'main', 'native-binding.js'),
  );
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
  const projectRoot = dirname(dirname(sqliteDir));
  const runtime = {
    electron: require('electron/package.json').version,
    platform: process.platform,
    arch: process.arch,
  };
  const target = electronSqliteBindingPath(projectRoot, require('better-sqlite3/package.json'), runtime);
  if (existsSync(target)) return true;
  process.stdout.write(`Building better-sqlite3 for Electron ${runtime.electron} into ${dirname(target)}…\n`);
  const staging = join(projectRoot, ELECTRON_NATIVE_DIR, 'staging');
  rmSync(staging, { recursive: true, force: true });
  cpSync(sqliteDir, staging, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) });
  const modules = join(projectRoot, 'node_modules');
  const built =
    run(
      process.execPath,
      [
        join(modules, 'prebuild-install', 'bin.js'),
        '--runtime',
        'electron',
        '--target',
        runtime.electron,
        '--arch',
        runtime.arch,
        '--platform',
        runtime.platform,
      ],
      { cwd: staging },
    ) ||
    run(
      process.execPath,
      [
        join(modules, 'node-gyp', 'bin', 'node-gyp.js'),
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${runtime.electron}`,
        `--arch=${runtime.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      { cwd: staging },
    );
  const output = join(staging, 'build', 'Release', 'better_sqlite3.node');
  if (built && existsSync(output)) {
    mkdirSync(dirname(target), { recursive: true });
    cpSync(output, target);
  }
  rmSync(staging, { recursive: true, force: true });
  return existsSync(target);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(buildElectronSqlite(join(dirname(fileURLToPath(import.meta.url)), '..')) ? 0 : 1);
}
