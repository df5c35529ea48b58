import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3 is built against one runtime's ABI (it uses V8 and node.h directly, not N-API):
 * npm ci builds it for Node inside node_modules, and Electron needs its own build. Rebuilding it
 * in place for Electron (`electron-builder install-app-deps`) left the CLI and the tests unable to
 * load it, so the Electron build lives beside node_modules instead, in this folder, one file per
 * better-sqlite3 version × Electron version × platform × architecture, and each runtime picks its
 * own. serialport's bindings and node-usb need nothing: both load N-API prebuilds through
 * node-gyp-build, which one binary serves for Node and Electron alike.
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';

export interface NativeRuntime {
  /** process.versions.electron: set in Electron's main and utility processes, absent under Node. */
  readonly electron?: string | undefined;
  readonly platform: string;
  readonly arch: string;
}

export interface SqliteModule {
  /** The better-sqlite3 package folder, as require.resolve finds it. */
  readonly dir: string;
  readonly version: string;
}

/** Where the Electron build of this better-sqlite3 for this runtime lives (whether or not built yet). */
export function electronSqliteBindingPath(
  projectRoot: string,
  sqlite: Pick<SqliteModule, 'version'>,
  runtime: Required<NativeRuntime>,
): string {
  const key = `better-sqlite3-${sqlite.version}-electron-${runtime.electron}-${runtime.platform}-${runtime.arch}`;
  return join(projectRoot, ELECTRON_NATIVE_DIR, key, 'better_sqlite3.node');
}

/**
 * The `nativeBinding` to hand better-sqlite3, or undefined for its own build:
 * - under Node (CLI, tests, the browser-hosted station): its own build, made by npm ci;
 * - in a packaged app (the module sits in app.asar's unpacked copy): its own build too, which
 *   electron-builder made for Electron when packaging and which never runs under Node;
 * - in Electron from a checkout: the side build in `.electron-native/` (scripts/start.mjs makes it).
 */
export function sqliteBindingFor(sqlite: SqliteModule, runtime: NativeRuntime): string | undefined {
  if (!runtime.electron) return undefined;
  if (/[\\/]app\.asar(\.unpacked)?[\\/]/.test(sqlite.dir)) return undefined;
  // The checkout whose node_modules holds the module (a worktree's node_modules may be a link).
  const projectRoot = dirname(dirname(sqlite.dir));
  return electronSqliteBindingPath(projectRoot, sqlite, { ...runtime, electron: runtime.electron });
}

function installedSqlite(): SqliteModule {
  const manifest = require.resolve('better-sqlite3/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

/** better-sqlite3's options for this process: the binding built for the runtime it runs in. */
export function sqliteNativeOptions(): { nativeBinding?: string } {
  if (!process.versions.electron) return {}; // Node: npm ci's own build
  const path = sqliteBindingFor(installedSqlite(), {
    electron: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
  });
  if (path === undefined) return {};
  if (!existsSync(path)) {
    throw new Error(
      `better-sqlite3 has no build for Electron ${process.versions.electron} at ${path}. ` +
        'Start the desktop app with `npm start`, which builds it there (node_modules stays as npm ci left it).',
    );
  }
  return { nativeBinding: path };
}
