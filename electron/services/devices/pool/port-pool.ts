import type { ClientOptions, Identity, TerminalClient } from '../../../../native/client/terminal-client';
import type { DiscoveredUnit } from '../../../../native/transports/discovery';
import type { PipelineOutcome } from '../pipeline/pipeline';
import type { BoardUnit, UnitProgressEvent } from './board-unit';
import { DeviceTracker } from './device-tracker';
import { ReconnectWaiters } from './reconnect-waiters';
import { RunScheduler } from './run-scheduler';
import { boardView, type Entry, type LockOf, type Runner } from './unit-entry';

export type { Runner } from './unit-entry';

export interface PoolOptions {
  /** The units attached now (serial ports, USB terminals, simulated terminals' ptys). */
  readonly discover: () => Promise<readonly DiscoveredUnit[]>;
  /** How often to look for units plugged in or pulled out; 0 = only on refresh(). */
  readonly pollMs?: number;
  /** Pause between HELLOs to a silent unit. */
  readonly probeIntervalMs?: number;
  /** How long a paused run waits for its unit to come back before it fails. */
  readonly pauseTimeoutMs?: number;
  /** Every unit's client; a serial port is opened at `defaultBaud` (the speed after power-on). */
  readonly clientOptions?: ClientOptions;
  /** Why a unit may not be started (shipped, bound elsewhere, quarantined); shown on the board, enforced here. */
  readonly lockOf?: LockOf;
  /** Production: batch and queue mode start only units whose box was scanned. */
  readonly needsBoxScan?: boolean;
  /** Every IDENTITY a unit answered on a port (probes and reconnects), before anything acts on it. */
  readonly onIdentity?: (port: { readonly label: string }, identity: Identity) => void;
  readonly onChanged?: (unit: BoardUnit, removed: boolean) => void;
  readonly onProgress?: (event: UnitProgressEvent) => void;
  readonly onError?: (message: string, error: unknown) => void;
  readonly now?: () => number;
}

/**
 * One independent pipeline per port, as many ports as are attached (16 on a hub). A failure on one
 * port never touches another; units plugged in join a running batch; a unit pulled out pauses its
 * run, which continues when a unit with the same serial is back on any port. The parts: the
 * tracker (ports and who is on them), the waiters (paused runs and their units), the scheduler
 * (runs, batch and queue mode) and the board view (unit-entry).
 */
export class PortPool {
  private readonly tracker: DeviceTracker;
  private readonly waiters: ReconnectWaiters;
  private readonly scheduler: RunScheduler;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PoolOptions) {
    const now = options.now ?? (() => performance.now());
    this.waiters = new ReconnectWaiters(options.pauseTimeoutMs ?? 10 * 60_000);
    this.tracker = new DeviceTracker({
      discover: options.discover,
      now,
      ...(options.probeIntervalMs !== undefined ? { probeIntervalMs: options.probeIntervalMs } : {}),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      onIdentified: (e, identity) => this.onIdentified(e, identity),
      changed: (e) => this.changed(e),
      removed: (e) => this.options.onChanged?.({ ...this.view(e), state: 'detached' }, true),
    });
    this.scheduler = new RunScheduler({
      tracker: this.tracker,
      waiters: this.waiters,
      now,
      changed: (e) => this.changed(e),
      eligible: (e) => this.lock(e) === null && (!options.needsBoxScan || e.scannedSerial !== null),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** First look at the ports, then keep watching them. */
  async start(): Promise<void> {
    await this.refresh();
    const every = this.options.pollMs ?? 1000;
    if (every > 0) {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref();
    }
  }

  /** Looks for units plugged in or pulled out since the last look. */
  refresh(): Promise<void> {
    return this.tracker.refresh();
  }

  board(): BoardUnit[] {
    return [...this.tracker.entries.values()]
      .map((e) => this.view(e))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  }

  unit(portId: string): BoardUnit | undefined {
    const e = this.tracker.entries.get(portId);
    return e && this.view(e);
  }

  findBySerial(serial: string): BoardUnit | undefined {
    return this.board().find((u) => u.serial === serial);
  }

  /** The port a unit picked this application for, if any (one application, one unit). */
  holderOf(applicationId: string): BoardUnit | undefined {
    return this.board().find((u) => u.applicationId === applicationId);
  }

  /** Why the unit on this port may not start with this application (null: it may). */
  lockFor(portId: string, applicationId: string | null): BoardUnit['lock'] {
    const e = this.tracker.require(portId);
    return e.identity && this.options.lockOf ? this.options.lockOf(e.identity, applicationId) : null;
  }

  /** Remembers the box-QR serial scanned for the unit on this port; the genuine check compares it. */
  setScanned(portId: string, serial: string | null): BoardUnit {
    const e = this.tracker.require(portId);
    e.scannedSerial = serial;
    this.changed(e);
    this.scheduler.joinBatch(e);
    return this.view(e);
  }

  /** Remembers the application picked for the unit on this port; its next run binds it. */
  setApplication(portId: string, applicationId: string | null): BoardUnit {
    const e = this.tracker.require(portId);
    e.applicationId = applicationId;
    this.changed(e);
    return this.view(e);
  }

  /**
   * Starts `runner` on the unit on this port (queue mode: on every unit plugged into it after this
   * one too). Resolves when the run is started, with a promise of its outcome.
   */
  async provision(
    portId: string,
    runner: Runner,
    options: { queue?: boolean } = {},
  ): Promise<{ outcome: Promise<PipelineOutcome | undefined> }> {
    const e = this.tracker.require(portId);
    if (e.run && (e.state === 'running' || e.state === 'paused')) {
      throw new Error(`A run is already going on ${e.unit.label}.`);
    }
    e.queue = options.queue ? runner : undefined;
    const identity = e.identity ?? (await this.tracker.identify(e));
    return { outcome: this.scheduler.startRun(e, runner, identity) };
  }

  /** Batch mode: every eligible idle unit now, and every unit identified or scanned later, runs `runner` once. */
  startBatch(runner: Runner): string[] {
    return this.scheduler.startBatch(runner);
  }

  stopBatch(): void {
    this.scheduler.stopBatch();
  }

  /** The client of the idle unit on a port, for a one-off request (freeze). */
  clientOf(portId: string): TerminalClient | undefined {
    const e = this.tracker.entries.get(portId);
    return e && !e.run ? e.client : undefined;
  }

  /** Every run's outcome so far, settled; for tests and for close. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const closing = this.tracker.close();
    this.waiters.rejectAll();
    await closing;
    await this.idle();
    for (const e of this.tracker.entries.values()) e.throttle.stop();
  }

  /** Returns true when probing may stop. */
  private onIdentified(e: Entry, identity: Identity): boolean {
    try {
      this.options.onIdentity?.(e.unit, identity);
    } catch (error) {
      this.options.onError?.(`after ${e.unit.label} answered`, error);
    }
    const claimed = this.waiters.claim(e, identity);
    if (claimed) {
      const left = claimed.left;
      if (left) {
        this.changed(left);
        if (!left.present) this.tracker.detach(left);
        else void this.tracker.probe(left);
      }
      return true;
    }
    const known = e.identity?.serial;
    e.identity = identity;
    const scheduled = this.scheduler.onIdentified(e, identity);
    if (scheduled === 'started') return true;
    if (scheduled === 'wait') return false;
    if (e.state === 'probing' || known !== identity.serial) {
      e.state = 'idle';
      e.verdict = null;
      e.failure = null;
      e.progress = null;
      e.phase = null;
      if (known !== identity.serial) {
        e.scannedSerial = null;
        e.applicationId = null;
      }
    }
    this.changed(e);
    return true;
  }

  private lock(e: Entry): BoardUnit['lock'] {
    return e.identity && this.options.lockOf ? this.options.lockOf(e.identity, e.applicationId) : null;
  }

  private changed(e: Entry): void {
    if (this.tracker.entries.get(e.unit.id) !== e) return;
    this.options.onChanged?.(this.view(e), false);
  }

  private view(e: Entry): BoardUnit {
    return boardView(e, this.options.lockOf);
  }
}
