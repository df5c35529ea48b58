import { serveStation } from './station-relay/serve';
import { openRelayedStation } from './station-relay/open';
import type { FromStation, ToStation } from './station-relay/messages';
import { createFileLogger } from '../services/station/logger';

/**
 * The entry of the station's utility process (built to out/main/station.js): the services, SQLite
 * with its fsyncs and the serial links run here, so the window's main process only relays. The
 * Electron-specific part is this file's use of `process.parentPort`; the rest is plain Node.
 */
const parent = process.parentPort;

serveStation(
  {
    post: (message: FromStation) => parent.postMessage(message),
    onMessage: (listener) => parent.on('message', (event) => listener(event.data as ToStation)),
  },
  async (config, keyWrap) => {
    const opened = await openRelayedStation(config, keyWrap);
    // As in main before: a stray rejection in a device run is logged, not the end of the station.
    const log = createFileLogger(config.dataDir);
    process.on('unhandledRejection', (reason) =>
      log.error('Unhandled rejection in the station process', { error: reason }),
    );
    return opened;
  },
);
