import type { DeviceFacts } from '../protocol/diagnosis-messages';

/** The simulated unit's battery, SIM and radio: healthy by default, or as a fault flag makes them. */
export interface FactsProfile {
  readonly batteryHealthPercent?: number;
  readonly batteryCycles?: number;
  /** Received signal in dBm (negative); default −78. */
  readonly signalDbm?: number;
  readonly simAbsent?: boolean;
  /** How far the unit's clock runs from true time, in seconds. */
  readonly clockOffsetSeconds?: number;
}

/** The operator an ICCID's issuer prefix belongs to (China's 8986 prefixes). */
export function operatorOfIccid(iccid: string): { code: string; name: string } {
  const issuer = iccid.slice(4, 6);
  if (['00', '02', '04', '07', '08'].includes(issuer)) return { code: '46000', name: 'CHINA MOBILE' };
  if (['01', '06', '09'].includes(issuer)) return { code: '46001', name: 'CHINA UNICOM' };
  if (['03', '05', '11'].includes(issuer)) return { code: '46011', name: 'CHINA TELECOM' };
  return { code: '', name: '' };
}

/**
 * DEVICE_FACTS as a simulated unit answers it. A worn cell keeps its charge badly: its voltage under
 * the light load of the bench is low for the charge the gauge reports.
 */
export function simulatedFacts(
  iccid: string,
  profile: FactsProfile,
  now: Date,
  bootedAt: Date,
): Omit<DeviceFacts, 'kind'> {
  const health = profile.batteryHealthPercent ?? 94;
  const cycles = profile.batteryCycles ?? 180;
  const percent = health < 60 ? 35 : 82;
  const millivolts = health < 60 ? 3420 : 3950;
  const signal = profile.signalDbm ?? -78;
  const sim = profile.simAbsent ? null : operatorOfIccid(iccid);
  return {
    batteryPercent: percent,
    batteryHealthPercent: health,
    batteryCycles: cycles,
    batteryMillivolts: millivolts,
    batteryTemperatureC40: 40 + (health < 60 ? 38 : 27),
    charging: false,
    simState: sim ? 'ready' : 'absent',
    iccid: sim ? iccid : '',
    operatorCode: sim?.code ?? '',
    operatorName: sim?.name ?? '',
    networkType: sim && signal > -120 ? '4g' : 'none',
    signalMinusDbm: sim ? Math.min(255, Math.max(0, -signal)) : 0,
    clockTime: Math.max(0, Math.floor(now.getTime() / 1000) + (profile.clockOffsetSeconds ?? 0)),
    uptimeSeconds: Math.max(0, Math.floor((now.getTime() - bootedAt.getTime()) / 1000)),
  };
}
