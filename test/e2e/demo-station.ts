import { test } from '@playwright/test';
import { startStation, type StationProcess } from './station-process';

/**
 * One demo station for the spec file: started before its first test, stopped after its last. The
 * object returned reads through to the running station, so a spec uses it as it would the one
 * startStation gives.
 */
export function demoStationPerFile(options: { demoDate?: string } = {}): StationProcess {
  let running: StationProcess | undefined;
  test.beforeAll(async () => {
    // A demo start took 59 s at load 27 on 2 cores (startStation waits up to 170 s): more than the
    // default hook time.
    test.setTimeout(200_000);
    running = await startStation(options);
  });
  test.afterAll(async () => {
    await running?.stop();
  });
  const current = (): StationProcess => {
    if (!running) throw new Error('The demo station is used before its beforeAll started it');
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    get origin() {
      return current().origin;
    },
    get adminPassword() {
      return current().adminPassword;
    },
    get dataDir() {
      return current().dataDir;
    },
    output: () => current().output(),
    stop: () => current().stop(),
  };
}
