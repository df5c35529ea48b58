import type { z } from 'zod';
import type { CallSpec, EventSpec } from './define';
import { stationCalls } from './station';
import { sessionCalls } from './session';
import { feesCalls } from './fees';
import { kycCalls } from './kyc';
import { devicesCalls, devicesEvents } from './devices';
import { adminCalls } from './admin';
import { supportCalls } from './support';
import { makersCalls } from './makers';
import { supportDiagnosisCalls } from './support-diagnosis';
import { supportRefurbishCalls } from './support-refurbish';
import { syncCalls, syncEvents } from './sync';
import { stationSettingsCalls } from './station-settings';
import { syncDevicesCalls } from './sync-devices';
import { supportFreezesCalls } from './support-freezes';
import { supportAnnounceCalls } from './support-announce';

/** The whole contract between the renderer and the station's services. */
export const contractCalls = {
  ...stationCalls,
  ...sessionCalls,
  ...feesCalls,
  ...kycCalls,
  ...devicesCalls,
  ...adminCalls,
  ...supportCalls,
  ...makersCalls,
  ...supportDiagnosisCalls,
  ...supportRefurbishCalls,
  ...syncCalls,
  ...stationSettingsCalls,
  ...syncDevicesCalls,
  ...supportFreezesCalls,
  ...supportAnnounceCalls,
} as const satisfies Record<string, CallSpec>;

export const contractEvents = {
  ...devicesEvents,
  ...syncEvents,
} as const satisfies Record<string, EventSpec>;

export type ContractCalls = typeof contractCalls;
export type CallName = keyof ContractCalls;
export type CallInput<N extends CallName> = z.input<ContractCalls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<ContractCalls[N]['output']>;

export type ContractEvents = typeof contractEvents;
export type EventName = keyof ContractEvents;
export type EventPayload<N extends EventName> = z.input<ContractEvents[N]['payload']>;

export const callNames: readonly string[] = Object.keys(contractCalls);
export const eventNames: readonly string[] = Object.keys(contractEvents);
