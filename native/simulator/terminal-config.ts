import type { KeyObject } from 'node:crypto';
import type { Frame } from '../framing/frame';
import type { Component, DeviceMode } from '../protocol/enums';
import type { FactsProfile } from './device-facts';
import type { BreakFlag } from './break-flags';
import type { FlashStore } from './flash-store';

export interface TerminalIdentity {
  readonly serial: string;
  readonly model: string;
  readonly mode: DeviceMode;
  readonly hwRevision: string;
  readonly imei: string;
  readonly iccid: string;
  readonly privateKey: KeyObject;
  readonly certChainDer: readonly Uint8Array[];
}

export interface TerminalFaults {
  /** Block index the device refuses to write (FW_ACK status write_failed). */
  readonly refuseBlock?: number;
  /** How many times it refuses that block; unlimited when absent. */
  readonly refuseCount?: number;
  readonly failSelftest?: readonly Component[];
}

export interface TerminalConfig {
  readonly identity: TerminalIdentity;
  readonly store: FlashStore;
  /** Firmware signer public keys the bootloader trusts. */
  readonly firmwareKeys: readonly KeyObject[];
  /** Registry public keys whose UNFREEZE tokens the unit accepts; none = it never unfreezes. */
  readonly registryKeys?: readonly KeyObject[];
  readonly bootloaderVersion?: string;
  readonly faults?: TerminalFaults;
  readonly writeBytesPerSec?: number;
  readonly hashBytesPerSec?: number;
  /** Line speeds the device can switch to; empty for a link without one. */
  readonly supportedBauds?: readonly number[];
  /** Battery, SIM and radio as DEVICE_FACTS reports them (§8.2); healthy when absent. */
  readonly facts?: FactsProfile;
  readonly now?: () => Date;
  /** Conformance clauses broken on purpose (--break). */
  readonly breaks?: ReadonlySet<BreakFlag>;
}

/** What the runtime does after sending the answers. */
export type AfterAnswer = { kind: 'none' } | { kind: 'reboot' } | { kind: 'baud'; baud: number };

export const NO_AFTER: AfterAnswer = { kind: 'none' };

export interface HandleResult {
  readonly answers: Frame[];
  readonly after: AfterAnswer;
}
