import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteBindingFor, sqliteNativeOptions } from '../../../electron/store/native-binding';
import { openDatabase } from '../../../electron/store/database';

const checkout = { dir: '/src/pos-station/node_modules/better-sqlite3', version: '12.11.1' };
const linux = { platform: 'linux', arch: 'x64' };

describe('which better-sqlite3 build each runtime loads', () => {
  it("Node (CLI, tests, browser-hosted station) loads npm ci's own build in node_modules", () => {
    expect(sqliteBindingFor(checkout, linux)).toBeUndefined();
    expect(sqliteBindingFor(checkout, { ...linux, electron: undefined })).toBeUndefined();
  });

  it('Electron from a checkout loads the side build beside node_modules, never the one inside it', () => {
    const path = sqliteBindingFor(checkout, { ...linux, electron: '41.7.1' });
    expect(path).toBe(
      '/src/pos-station/.electron-native/better-sqlite3-12.11.1-electron-41.7.1-linux-x64/better_sqlite3.node',
    );
    expect(path).not.toContain('node_modules');
  });

  it('a new Electron, better-sqlite3, platform or architecture gets its own build, not a stale one', () => {
    const paths = new Set(
      [
        sqliteBindingFor(checkout, { ...linux, electron: '41.7.1' }),
        sqliteBindingFor(checkout, { ...linux, electron: '42.0.0' }),
        sqliteBindingFor({ ...checkout, version: '12.12.0' }, { ...linux, electron: '41.7.1' }),
        sqliteBindingFor(checkout, { platform: 'linux', arch: 'arm64', electron: '41.7.1' }),
        sqliteBindingFor(checkout, { platform: 'win32', arch: 'x64', electron: '41.7.1' }),
      ].map(String),
    );
    expect(paths.size).toBe(5);
  });

  it("a packaged app loads the build electron-builder made for Electron in the app's own node_modules", () => {
    for (const dir of [
      '/opt/POS Station/resources/app.asar.unpacked/node_modules/better-sqlite3',
      'C:\\Program Files\\POS Station\\resources\\app.asar\\node_modules\\better-sqlite3',
    ])
      expect(sqliteBindingFor({ dir, version: '12.11.1' }, { ...linux, electron: '41.7.1' })).toBeUndefined();
  });

  it('Electron without the side build says how to make it instead of failing on an ABI mismatch', () => {
    Object.defineProperty(process.versions, 'electron', { value: '0.0.0-test', configurable: true });
    try {
      expect(() => sqliteNativeOptions()).toThrow(/no build for Electron 0\.0\.0-test .*npm start/);
    } finally {
      Reflect.deleteProperty(process.versions, 'electron');
    }
    expect(process.versions.electron).toBeUndefined();
  });

  it('this Node process opens a real database with its own build', () => {
    expect(sqliteNativeOptions()).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'native-binding-'));
    try {
      const db = openDatabase({ file: join(dir, 'station.sqlite') });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
