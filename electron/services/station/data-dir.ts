import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_ENV = 'POS_STATION_DATA_DIR';

/**
 * Where the station keeps its SQLite file, keys and logs: --data-dir, then $POS_STATION_DATA_DIR,
 * then the platform's per-user application-data folder (the same place Electron's userData uses).
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (flag) return flag;
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return fromEnv;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'POS Station');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'POS Station');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'pos-station');
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'station.sqlite');
}
