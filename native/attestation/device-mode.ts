import { DEVICE_MODES, type DeviceMode } from '../protocol/enums';

export { DEVICE_MODES, type DeviceMode };

export function isDeviceMode(value: string): value is DeviceMode {
  return (DEVICE_MODES as readonly string[]).includes(value);
}

/** Accepts the CLI's spelling ("test-unit") as well as the stored one ("test_unit"). */
export function parseDeviceMode(value: string): DeviceMode {
  const normalised = value.trim().toLowerCase().replace(/-/g, '_');
  if (!isDeviceMode(normalised)) {
    throw new RangeError(`Mode "${value}" is not one of production, test-unit, sample-unit.`);
  }
  return normalised;
}
