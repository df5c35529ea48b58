import { DeviceError } from '../../native/client/device-error';
import { SerialTransport } from '../../native/transports/serial';
import type { DiscoveredUnit } from '../../native/transports/discovery';
import type { BoardUnit } from '../services/devices/pool/board-unit';
import type { DevicesService } from '../services/devices/service';
import type { CliIo } from './cli-io';

/** The speed a unit listens at after power-on, unless --baud says otherwise. */
export const POWER_ON_BAUD = 115200;

/** The unit on a serial port (or pseudo-terminal), as discovery gives one: opened at `baud` unless a run asks for another speed. */
export function portUnit(path: string, baud: number): DiscoveredUnit {
  return {
    id: path,
    label: path,
    portPath: path,
    via: 'serial',
    open: (baudRate) => SerialTransport.open({ path, baudRate: baudRate || baud }),
  };
}

/** What a command says of a --port that is not there. */
export const missingPortWords = (port: string): string =>
  `--port: ${port} does not exist (${new DeviceError('PORT_NOT_FOUND', port).en})`;

/**
 * Waits up to `timeoutSeconds` for the unit on `port` to be ready on the board. When it is not,
 * says so and sets `exitCode`; the answer is whether it came.
 */
export async function awaitUnitOnPort(
  devices: Pick<DevicesService, 'board'>,
  options: { port: string; timeout: string; exitCode: number; ready: (unit: BoardUnit) => boolean },
  io: CliIo,
): Promise<boolean> {
  const deadline = Date.now() + Number(options.timeout) * 1000;
  while (!devices.board().units.some(options.ready)) {
    if (Date.now() > deadline) {
      io.err(
        `${options.port}: no terminal answered within ${options.timeout} s. Check the cable and power.\n`,
      );
      io.setExitCode(options.exitCode);
      return false;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
