import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The shipped resources (fee schedules, firmware, CA, BIN table): beside the packaged app's asar in a
 * build, the repository's resources/ when running from a checkout or from out/.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POS_STATION_RESOURCES) return env.POS_STATION_RESOURCES;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'fee-schedules'))) return packaged;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'fee-schedules'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find the station resources folder; set POS_STATION_RESOURCES.');
    dir = parent;
  }
}
