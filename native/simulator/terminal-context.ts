import type { FirmwareManifest } from '../firmware/image-format';
import { parseManifest } from '../firmware/parse-image';
import type { BlockEncoding, LogLevel, Slot } from '../protocol/enums';
import { DEVICE_MAX_BLOCK_SIZE } from '../protocol/limits';
import { appendLog, type DeviceState } from './flash-store';
import { Refusal } from './refusal';
import type { TerminalConfig } from './terminal-config';

export interface BlockAssembly {
  readonly blockIndex: number;
  readonly encoding: BlockEncoding;
  readonly startXfer: number;
  /** The block's encoded bytes, `encodedSize` long. */
  readonly bytes: Uint8Array;
  filled: number;
}

export interface FlashSession {
  readonly target: Slot;
  readonly manifest: FirmwareManifest;
  nextXfer: number;
  assembly: BlockAssembly | null;
}

export interface ManifestBuffer {
  readonly total: number;
  received: number;
  readonly bytes: Uint8Array;
}

/**
 * What every message handler shares: the persisted device state and what lives only until the next
 * boot (the negotiated block size, a manifest being received, a flash in progress).
 */
export class TerminalContext {
  state!: DeviceState;
  helloDone = false;
  blockSize = DEVICE_MAX_BLOCK_SIZE;
  manifestBuffer: ManifestBuffer | null = null;
  session: FlashSession | null = null;
  /** How many times the refuseBlock fault has fired (it survives reboots, like a worn flash cell). */
  refusals = 0;
  /** The nonce of the last UNFREEZE_CHALLENGE, good for one UNFREEZE; gone after a restart. */
  unfreezeNonce: Uint8Array | null = null;
  /** The runtime tells the terminal its line speed (0 = none). */
  currentBaud: number | undefined;
  readonly now: () => Date;

  constructor(readonly config: TerminalConfig) {
    this.now = config.now ?? (() => new Date());
  }

  /** After a boot: state from flash, nothing of the last session left. */
  startSession(state: DeviceState): void {
    this.state = state;
    this.helloDone = false;
    this.manifestBuffer = null;
    this.session = null;
    this.unfreezeNonce = null;
  }

  activeManifest(): FirmwareManifest {
    return parseManifest(Buffer.from(this.state.slots[this.state.activeSlot].manifestHex, 'hex'));
  }

  save(): void {
    this.config.store.saveState(this.state);
  }

  /** Appends to the device log and persists the state with it. */
  log(level: LogLevel, code: number, message: string): void {
    appendLog(this.state, level, code, message, this.now());
    this.save();
  }

  /** Leaves a test boot for the previous slot (ROLLBACK, or a failed self-test during a test boot). */
  rollback(reason: string): void {
    const state = this.state;
    if (state.bootState !== 'test_boot' || !state.previousSlot) {
      throw new Refusal('NOT_IN_TEST_BOOT', state.bootState);
    }
    state.slots[state.activeSlot].status = 'rejected';
    state.activeSlot = state.previousSlot;
    state.previousSlot = null;
    state.bootState = 'confirmed';
    state.counters.rollbacks++;
    this.log('warning', 0x0303, reason);
  }
}
