import { createStation, type StationConfig } from '../services/station/station';
import { createFileLogger } from '../services/station/logger';
import { runBelowThisProcess } from '../services/station/process-priority';
import { startHost, type RunningHost } from './server';
import { builtRendererDir } from './renderer-dir';
import { demoOperatorLine } from '../services/kyc/demo/seed-demo';
import type { Clock } from '../services/audit/clock';

export interface HostedStationOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly demo: boolean;
  /** Where the station reads the time (a demo station may run on a chosen day). */
  readonly clock?: Clock;
  readonly line?: StationConfig['line'];
  readonly demoUnits?: StationConfig['demoUnits'];
  readonly version: string;
  readonly staticDir?: string;
  /** Where the one-time URL and first-start notices go (stdout in the CLI). */
  readonly print: (line: string) => void;
}

/** The whole browser-hosted station: store, services, loopback bridge; stops cleanly on SIGINT/SIGTERM. */
export async function runHostedStation(options: HostedStationOptions): Promise<RunningHost> {
  const log = createFileLogger(options.dataDir);
  // The host answers on 127.0.0.1 only, so its window is a browser on this computer, and the
  // station's work (services, demo terminals) must not take that browser's CPU: the station runs
  // below it, as the Electron shell runs its services process below the window.
  runBelowThisProcess(0, (message, error) => log.warn(message, { error }));
  const station = await createStation({
    dataDir: options.dataDir,
    demo: options.demo,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.line ? { line: options.line } : {}),
    ...(options.demoUnits !== undefined ? { demoUnits: options.demoUnits } : {}),
    shell: 'browser',
    version: options.version,
    log,
  });
  const host = await startHost({
    station,
    port: options.port,
    staticDir: options.staticDir ?? builtRendererDir(),
    log,
    linkDir: options.dataDir,
  });
  log.info('Browser-hosted station started', { port: host.port, demo: options.demo });
  options.print(`POS Station (browser-hosted) · data: ${options.dataDir}`);
  if (station.initialAdmin) {
    options.print(
      `First start: sign in as '${station.initialAdmin.username}' with the one-time password (shown only now): ${station.initialAdmin.oneTimePassword}`,
    );
  }
  for (const op of station.demoOperators) options.print(demoOperatorLine(op));
  for (const notice of station.demoNotices) options.print(notice);
  options.print(`Open: ${host.url}`);
  options.print(
    `Closed the tab? 'pos-station link' prints a fresh one-time link (this computer's user only).`,
  );
  const stop = () => {
    void host
      .close()
      .then(() => station.close())
      .finally(() => process.exit(0));
  };
  // A stray rejection in a device run must not take the whole station down with it.
  process.on('unhandledRejection', (reason) => log.error('Unhandled rejection', { error: reason }));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}
