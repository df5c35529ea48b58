import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../protocol/diagnosis-messages';
import { JOURNAL_CAPACITY } from '../protocol/diagnosis-messages';
import type { BootState, CounterId, LimitChannel, LogLevel, Slot } from '../protocol/enums';

/**
 * What a slot holds. Only 'valid' and 'testing' slots may boot; 'writing' is the slot a flash is going
 * into, which is never the active one; 'rejected' failed its test boot.
 */
export type SlotStatus = 'empty' | 'valid' | 'writing' | 'pending' | 'testing' | 'rejected';

export interface SlotRecord {
  status: SlotStatus;
  /** Hex of the manifest (header ‖ TLV area) the slot's payload belongs to. */
  manifestHex: string;
}

export interface StoredLog {
  index: number;
  time: number;
  level: LogLevel;
  code: number;
  message: string;
}

export interface StoredBinding {
  applicationId: string;
  settlementCard: string;
  limitProfile: string;
  questionnaireAnswered: boolean;
  limits: { channel: LimitChannel; perTransactionFen: number; perDayFen: number }[];
}

export interface DeviceState {
  activeSlot: Slot;
  bootState: BootState;
  /** The slot to go back to from a test boot. */
  previousSlot: Slot | null;
  securityCounter: number;
  slots: Record<Slot, SlotRecord>;
  frozen: boolean;
  freezeReason: string;
  tamper: boolean;
  simActivationDate: string;
  binding: StoredBinding | null;
  counters: Record<CounterId, number>;
  logs: StoredLog[];
  nextLogIndex: number;
  /** The transaction journal (most recent JOURNAL_CAPACITY); absent in state files of older units. */
  journal?: JournalEntry[];
  nextJournalIndex?: number;
}

const STATE_FILE = 'state.json';
const MAX_LOGS = 1024;

/**
 * The simulated terminal's flash: two slot files and a state file. The state file is replaced by
 * write-to-temp, fsync and rename, so a kill -9 at any instant leaves either the old or the new state;
 * block writes touch only the slot that is not active. Together that is a power cut the unit survives.
 */
export class FlashStore {
  constructor(
    readonly dir: string,
    readonly slotSize: number,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  exists(): boolean {
    return existsSync(join(this.dir, STATE_FILE));
  }

  loadState(): DeviceState {
    return JSON.parse(readFileSync(join(this.dir, STATE_FILE), 'utf8')) as DeviceState;
  }

  saveState(state: DeviceState): void {
    if (state.logs.length > MAX_LOGS) state.logs.splice(0, state.logs.length - MAX_LOGS);
    if (state.journal && state.journal.length > JOURNAL_CAPACITY)
      state.journal.splice(0, state.journal.length - JOURNAL_CAPACITY);
    const target = join(this.dir, STATE_FILE);
    const temp = `${target}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  private slotFile(slot: Slot): string {
    return join(this.dir, `slot-${slot}.bin`);
  }

  writeSlot(slot: Slot, offset: number, data: Uint8Array): void {
    if (offset + data.length > this.slotSize) throw new RangeError(`Write past the end of slot ${slot}.`);
    const fd = openSync(this.slotFile(slot), existsSync(this.slotFile(slot)) ? 'r+' : 'w+');
    try {
      writeSync(fd, data, 0, data.length, offset);
    } finally {
      closeSync(fd);
    }
  }

  /** Bytes the slot holds at [offset, offset+length); never-written flash reads as 0xFF. */
  readSlot(slot: Slot, offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length).fill(0xff);
    if (!existsSync(this.slotFile(slot))) return out;
    const fd = openSync(this.slotFile(slot), 'r');
    try {
      readSync(fd, out, 0, length, offset);
    } finally {
      closeSync(fd);
    }
    return out;
  }
}

export function otherSlot(slot: Slot): Slot {
  return slot === 'A' ? 'B' : 'A';
}

export function appendLog(
  state: DeviceState,
  level: LogLevel,
  code: number,
  message: string,
  now: Date,
): void {
  state.logs.push({
    index: state.nextLogIndex,
    time: Math.floor(now.getTime() / 1000),
    level,
    code,
    message,
  });
  state.nextLogIndex++;
}
