import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../electron/services/station/logger';
import { createStation, type Station } from '../../../electron/services/station/station';

/**
 * The station's serial line setting reaches every pipeline the board starts: the demo's simulated
 * units power on at 115200 and accept 921600, so a station told to propose 921600 flashes at it.
 */
describe('the station proposes the line speed it was given', () => {
  let station: Station;
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-line-'));

  afterAll(async () => {
    await station?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a board run on a demo unit ends on 921600', async () => {
    station = await createStation({
      dataDir,
      demo: true,
      shell: 'browser',
      version: 'test',
      log: silentLogger,
      line: { powerOnBaud: 115200, proposeBaud: 921600 },
    });
    let unit = station.devices.board().units.find((u) => u.serial && u.mode === 'production');
    for (let i = 0; i < 600 && !(unit && unit.state === 'idle'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      unit = station.devices
        .board()
        .units.find((u) => u.serial && u.mode === 'production' && u.state === 'idle');
    }
    expect(unit).toBeDefined();
    const started = await station.devices.provision({ portId: unit!.portId }, 'test');
    const outcome = await started.outcomes[0];
    expect(outcome?.linkBaud).toBe(921600);
  }, 120_000);
});
