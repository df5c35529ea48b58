import { createStation } from '../../services/station/station';
import { clockStartingAt } from '../../services/audit/clock';
import { createFileLogger } from '../../services/station/logger';
import { demoOperatorLine } from '../../services/kyc/demo/seed-demo';
import type { FirstStart, StationStart } from './messages';
import type { RelayedStation } from './serve';
import type { KeyWrap } from '../../services/sync/identity-store';

/** Opens the station in the utility process from what main sent (plain Node: tested without Electron). */
export async function openRelayedStation(
  config: StationStart,
  stationKeyWrap?: KeyWrap,
): Promise<{ station: RelayedStation; firstStart: FirstStart }> {
  const key = Buffer.from(config.documentKey.base64, 'base64');
  const station = await createStation({
    dataDir: config.dataDir,
    demo: config.demo,
    line: config.line,
    ...(config.demoStartMs !== undefined ? { clock: clockStartingAt(config.demoStartMs) } : {}),
    shell: 'electron',
    version: config.version,
    log: createFileLogger(config.dataDir),
    keyProvider: { description: config.documentKey.description, loadKey: () => key },
    ...(stationKeyWrap ? { stationKeyWrap } : {}),
  });
  return {
    station,
    firstStart: {
      initialAdmin: station.initialAdmin,
      demoOperatorLines: station.demoOperators.map(demoOperatorLine),
    },
  };
}
