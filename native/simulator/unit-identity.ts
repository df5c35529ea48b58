import { createHash } from 'node:crypto';
import type { DeviceIdentity } from '../attestation/device-identity';
import type { TerminalIdentity } from './terminal';

/**
 * The modem and SIM numbers a simulated unit reports, derived from its serial so that a unit keeps
 * them across restarts. The IMEI carries a valid Luhn check digit, the ICCID the 8986 China prefix.
 */
export function simulatedIdentity(device: DeviceIdentity, hwRevision = 'B2'): TerminalIdentity {
  const digits = (label: string, n: number) => {
    const hash = createHash('sha256').update(`${label}:${device.serial}`).digest();
    return Array.from(hash.subarray(0, n), (b) => String(b % 10)).join('');
  };
  const imeiBody = `86${digits('imei', 12)}`;
  return {
    serial: device.serial,
    model: device.model,
    mode: device.mode,
    hwRevision,
    imei: imeiBody + luhnDigit(imeiBody),
    iccid: `898604${digits('iccid', 13)}`,
    privateKey: device.privateKey,
    certChainDer: device.certChainDer,
  };
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
