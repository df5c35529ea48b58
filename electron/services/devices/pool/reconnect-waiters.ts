import { DeviceError } from '../../../../native/client/device-error';
import type { Identity } from '../../../../native/client/terminal-client';
import type { Entry, Run } from './unit-entry';

interface Waiter {
  readonly run: Run;
  resolve(entry: Entry): void;
  reject(error: DeviceError): void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Paused runs waiting for their unit (by serial) to come back on any port, each for at most
 * `timeoutMs`. When it is back, the run moves to the entry it turned up on.
 */
export class ReconnectWaiters {
  private readonly waiters = new Map<string, Waiter>();

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with the entry the unit is back on; rejects with LINK_LOST after the timeout. */
  wait(run: Run, serial: string): Promise<Entry> {
    return new Promise<Entry>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(serial);
        reject(
          new DeviceError(
            'LINK_LOST',
            `${serial} was not back within ${Math.round(this.timeoutMs / 1000)} s`,
          ),
        );
      }, this.timeoutMs);
      timer.unref();
      this.waiters.set(serial, { run, resolve, reject, timer });
    });
  }

  /**
   * A unit identified on `e`: when a paused run waits for it, moves the run there, resolves the wait
   * and returns the entry the run left (to be re-probed or dropped); undefined when nobody waits.
   */
  claim(e: Entry, identity: Identity): { left: Entry | null } | undefined {
    const waiter = this.waiters.get(identity.serial);
    if (!waiter) return undefined;
    this.waiters.delete(identity.serial);
    clearTimeout(waiter.timer);
    const run = waiter.run;
    let left: Entry | null = null;
    if (run.entry !== e) {
      left = run.entry;
      left.run = undefined;
      left.state = left.client ? 'probing' : 'detached';
      left.identity = undefined;
      run.entry = e;
      e.run = run;
      e.runId = left.runId;
      e.verdict = left.verdict;
      e.scannedSerial = left.scannedSerial;
      e.applicationId = left.applicationId;
    }
    e.identity = identity;
    waiter.resolve(e);
    return { left };
  }

  /** The station is closing: every wait fails. */
  rejectAll(): void {
    for (const w of this.waiters.values()) {
      clearTimeout(w.timer);
      w.reject(new DeviceError('LINK_LOST', 'the station is closing'));
    }
    this.waiters.clear();
  }
}
