import type { z } from 'zod';
import { boardUnitSchema } from '../../electron/contract/devices';
import { STATION_SENTENCES } from '../../electron/contract/station-reasons';
import type { BoardUnit } from '../../renderer/src/workspaces/provisioning/types';

/**
 * A unit as the board receives it, checked against the contract's schema so a test's unit can
 * never be one the station would not send: an identified, idle production unit on COM3 unless
 * `overrides` say otherwise.
 */
export function boardUnit(overrides: Partial<z.input<typeof boardUnitSchema>> = {}): BoardUnit {
  return boardUnitSchema.parse({
    portId: 'usb-1-3',
    label: 'COM3',
    portPath: '/dev/ttyUSB2',
    usbLocation: '1-3',
    state: 'idle',
    phase: null,
    serial: 'PX7-00123',
    model: 'PX7',
    mode: 'production',
    firmwareVersion: '2.4.1',
    scannedSerial: 'PX7-00123',
    applicationId: null,
    progress: null,
    verdict: null,
    failure: null,
    runId: null,
    queue: false,
    lock: null,
    ...overrides,
  });
}

/** The station's own lock sentences, as unitLock words them. */
export const LOCK = {
  shipped: { code: 'already_shipped', ...STATION_SENTENCES.already_shipped },
  quarantined: { code: 'quarantined', ...STATION_SENTENCES.quarantined },
};
