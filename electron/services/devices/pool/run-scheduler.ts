import { DeviceError } from '../../../../native/client/device-error';
import type { Identity, TerminalClient } from '../../../../native/client/terminal-client';
import type { PipelineHooks, PipelineOutcome } from '../pipeline/pipeline';
import type { UnitProgressEvent } from './board-unit';
import type { DeviceTracker } from './device-tracker';
import type { ReconnectWaiters } from './reconnect-waiters';
import type { Entry, Run, Runner } from './unit-entry';

export interface SchedulerOptions {
  readonly tracker: DeviceTracker;
  readonly waiters: ReconnectWaiters;
  readonly now: () => number;
  readonly changed: (e: Entry) => void;
  /** May this identified unit be started now (not locked; box scanned where required)? */
  readonly eligible: (e: Entry) => boolean;
  readonly onError?: (message: string, error: unknown) => void;
}

const INTERNAL_FAILURE = (error: unknown, step: string) => ({
  step,
  code: 'INTERNAL',
  zh: '工作站内部错误，请交给技术支持。',
  en: `Station error: ${error instanceof Error ? error.message : String(error)}`,
});

/**
 * Which unit runs what and when: one run per port, batch mode (every eligible unit once, including
 * units identified later), queue mode (the same job on each new unit plugged into one port), and
 * the hooks that keep the board in step with each run.
 */
export class RunScheduler {
  private readonly runs = new Set<Promise<PipelineOutcome | undefined>>();
  private batch: { runner: Runner; served: Set<string> } | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  get batchActive(): boolean {
    return this.batch !== undefined;
  }

  /** Batch mode: every eligible idle unit now, and every unit that becomes eligible later, runs `runner` once. */
  startBatch(runner: Runner): string[] {
    this.batch = { runner, served: new Set() };
    const started: string[] = [];
    for (const e of this.options.tracker.entries.values()) {
      if (this.joinBatch(e)) started.push(e.unit.id);
    }
    return started;
  }

  stopBatch(): void {
    this.batch = undefined;
  }

  /**
   * Starts the batch's run on `e` if it is identified, idle, eligible and not served yet. "Start all"
   * serves the units still to do: a shipped or refused unit is not run again.
   */
  joinBatch(e: Entry): boolean {
    const batch = this.batch;
    if (!batch || !e.identity || e.run || ['probing', 'succeeded', 'refused'].includes(e.state)) return false;
    if (batch.served.has(e.identity.serial) || !this.options.eligible(e)) return false;
    batch.served.add(e.identity.serial);
    void this.startRun(e, batch.runner, e.identity);
    return true;
  }

  /**
   * A unit identified on `e` with nobody waiting for it: queue or batch may start it. 'wait': a queue
   * port still holds the unit it just did (keep probing for the next); 'none': nothing started.
   */
  onIdentified(e: Entry, identity: Identity): 'started' | 'wait' | 'none' {
    if (e.queue) {
      if (identity.serial === e.lastSerial) return 'wait';
      if (!this.options.eligible(e)) return 'none';
      void this.startRun(e, e.queue, identity);
      return 'started';
    }
    if (this.batch && !this.batch.served.has(identity.serial) && this.options.eligible(e)) {
      this.batch.served.add(identity.serial);
      void this.startRun(e, this.batch.runner, identity);
      return 'started';
    }
    return 'none';
  }

  /** Every run's outcome so far, settled. */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs]);
  }

  startRun(e: Entry, runner: Runner, identity: Identity): Promise<PipelineOutcome | undefined> {
    const client = e.client;
    if (!client) return Promise.reject(new Error(`${e.unit.label} is not open.`));
    e.state = 'running';
    e.phase = 'identify';
    e.verdict = null;
    e.failure = null;
    e.progress = null;
    e.runId = null;
    e.meter.reset();
    const run: Run = { entry: e, paused: false };
    e.run = run;
    this.options.changed(e);
    const done = (async () => {
      try {
        const outcome = await runner(
          client,
          { name: e.unit.portPath ?? e.unit.label, usbLocation: e.unit.usbLocation ?? null },
          this.hooks(run),
          identity,
        );
        const at = run.entry;
        at.runId = outcome.runId;
        at.state = outcome.status;
        at.failure = outcome.failure;
        at.phase = outcome.status === 'succeeded' ? 'ship' : at.phase;
        // The application went with the unit; the next unit on this port gets its own.
        if (outcome.status === 'succeeded') at.applicationId = null;
        return outcome;
      } catch (error) {
        const at = run.entry;
        at.state = 'failed';
        at.failure = INTERNAL_FAILURE(error, at.phase ?? 'identify');
        this.options.onError?.(`run on ${at.unit.label} failed`, error);
        return undefined;
      } finally {
        const at = run.entry;
        at.run = undefined;
        at.lastSerial = at.identity?.serial ?? null;
        this.options.changed(at);
        if (!at.present) this.options.tracker.detach(at);
        else if (at.queue) void this.options.tracker.probe(at);
      }
    })();
    this.runs.add(done);
    void done.finally(() => this.runs.delete(done));
    return done;
  }

  private hooks(run: Run): PipelineHooks {
    const changed = () => this.options.changed(run.entry);
    return {
      onStarted: (runId) => {
        run.entry.runId = runId;
        changed();
      },
      onStep: (step) => {
        run.entry.phase = step;
        if (step !== 'flash') run.entry.progress = null;
        changed();
      },
      onIdentity: (identity) => {
        run.entry.identity = identity;
        changed();
      },
      onVerdict: (v) => {
        const reason = v.reasons[0];
        run.entry.verdict = {
          genuine: v.genuine,
          code: v.code,
          zh: reason?.message_zh ?? '官方正品，可以发货。',
          en: reason?.message_en ?? 'Genuine unit: it may be shipped.',
        };
        changed();
      },
      onFlashProgress: (p) => {
        const e = run.entry;
        const figures = e.meter.sample(this.options.now(), p.bytesWritten, p.bytesToWrite);
        e.progress = { ...figures, retries: p.retries };
        const event: UnitProgressEvent = {
          portId: e.unit.id,
          serial: e.identity?.serial ?? null,
          phase: e.phase,
          state: e.state,
          ...e.progress,
        };
        e.throttle.push(event);
      },
      onPaused: () => {
        run.paused = true;
        run.entry.state = 'paused';
        changed();
      },
      onResumed: () => {
        run.paused = false;
        run.entry.state = 'running';
        run.entry.meter.reset();
        changed();
      },
      reacquire: (serial) => this.reacquire(run, serial),
    };
  }

  private async reacquire(run: Run, serial: string): Promise<TerminalClient> {
    if (this.options.tracker.isClosed) throw new DeviceError('LINK_LOST', 'the station is closing');
    const back = this.options.waiters.wait(run, serial);
    void this.options.tracker.probe(run.entry);
    const entry = await back;
    const client = entry.client;
    if (!client) throw new DeviceError('LINK_LOST', `${entry.unit.label} closed again`);
    return client;
  }
}
