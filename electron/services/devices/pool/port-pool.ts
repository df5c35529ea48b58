import { DeviceError } from '../../../../native/client/device-error';
import { TerminalClient, type ClientOptions, type Identity } from '../../../../native/client/terminal-client';
import type { DiscoveredUnit } from '../../../../native/transports/discovery';
import type { PipelineHooks, PipelineOutcome } from '../pipeline/pipeline';
import type { BoardUnit, UnitProgress, UnitProgressEvent, UnitState, UnitVerdict } from './board-unit';
import { ProgressMeter, Throttle } from './progress-meter';

/** Starts one pipeline on a unit; the pool supplies the client, the port and the hooks. */
export type Runner = (
  client: TerminalClient,
  port: { readonly name: string; readonly usbLocation: string | null },
  hooks: PipelineHooks,
  identity: Identity,
) => Promise<PipelineOutcome>;

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
  readonly onChanged?: (unit: BoardUnit, removed: boolean) => void;
  readonly onProgress?: (event: UnitProgressEvent) => void;
  readonly onError?: (message: string, error: unknown) => void;
  readonly now?: () => number;
}

interface Run {
  entry: Entry;
  paused: boolean;
}

interface Waiter {
  readonly run: Run;
  resolve(entry: Entry): void;
  reject(error: DeviceError): void;
  readonly timer: NodeJS.Timeout;
}

interface Entry {
  readonly unit: DiscoveredUnit;
  client: TerminalClient | undefined;
  opening: boolean;
  probing: boolean;
  present: boolean;
  state: UnitState;
  phase: BoardUnit['phase'];
  identity: Identity | undefined;
  scannedSerial: string | null;
  progress: UnitProgress | null;
  verdict: UnitVerdict | null;
  failure: BoardUnit['failure'];
  runId: string | null;
  run: Run | undefined;
  /** Queue mode's job; undefined when the port is not in queue mode. */
  queue: Runner | undefined;
  /** The serial the last run on this port was for: queue mode waits for another one. */
  lastSerial: string | null;
  readonly meter: ProgressMeter;
  readonly throttle: Throttle<UnitProgressEvent>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One independent pipeline per port, as many ports as are attached (16 on a hub). A failure on one
 * port never touches another; units plugged in join a running batch; a unit pulled out pauses its
 * run, which continues when a unit with the same serial is back on any port.
 */
export class PortPool {
  private readonly entries = new Map<string, Entry>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly runs = new Set<Promise<PipelineOutcome | undefined>>();
  private batch: { runner: Runner; served: Set<string> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: PoolOptions) {
    this.now = options.now ?? (() => performance.now());
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
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  board(): BoardUnit[] {
    return [...this.entries.values()]
      .map((e) => this.view(e))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  }

  unit(portId: string): BoardUnit | undefined {
    const e = this.entries.get(portId);
    return e && this.view(e);
  }

  findBySerial(serial: string): BoardUnit | undefined {
    return this.board().find((u) => u.serial === serial);
  }

  /** Remembers the box-QR serial scanned for the unit on this port; the genuine check compares it. */
  setScanned(portId: string, serial: string | null): BoardUnit {
    const e = this.require(portId);
    e.scannedSerial = serial;
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
    const e = this.require(portId);
    if (e.run && (e.state === 'running' || e.state === 'paused')) {
      throw new Error(`A run is already going on ${e.unit.label}.`);
    }
    e.queue = options.queue ? runner : undefined;
    const identity = e.identity ?? (await this.identify(e));
    return { outcome: this.startRun(e, runner, identity) };
  }

  /** Batch mode: every idle unit now, and every unit identified later, runs `runner` once. */
  startBatch(runner: Runner): string[] {
    this.batch = { runner, served: new Set() };
    const started: string[] = [];
    for (const e of this.entries.values()) {
      // "Start all" serves the units still to do: a shipped unit or a refused one is not run again.
      if (e.identity && !e.run && !['probing', 'succeeded', 'refused'].includes(e.state)) {
        this.batch.served.add(e.identity.serial);
        void this.startRun(e, runner, e.identity);
        started.push(e.unit.id);
      }
    }
    return started;
  }

  stopBatch(): void {
    this.batch = undefined;
  }

  /** The client of the idle unit on a port, for a one-off request (freeze). */
  clientOf(portId: string): TerminalClient | undefined {
    const e = this.entries.get(portId);
    return e && !e.run ? e.client : undefined;
  }

  /** Every run's outcome so far, settled; for tests and for close. */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs]);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const w of this.waiters.values()) {
      clearTimeout(w.timer);
      w.reject(new DeviceError('LINK_LOST', 'the station is closing'));
    }
    this.waiters.clear();
    await this.polling;
    for (const e of this.entries.values()) {
      e.throttle.stop();
      await e.client?.close().catch(() => undefined);
    }
    await this.idle();
    for (const e of this.entries.values()) e.throttle.stop();
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    let units: readonly DiscoveredUnit[];
    try {
      units = await this.options.discover();
    } catch (error) {
      this.options.onError?.('device discovery failed', error);
      return;
    }
    const seen = new Set<string>();
    for (const unit of units) {
      seen.add(unit.id);
      const e = this.entries.get(unit.id);
      if (!e) this.attach(unit);
      else {
        e.present = true;
        if (!e.client && !e.opening) void this.open(e);
      }
    }
    for (const e of [...this.entries.values()]) {
      if (!seen.has(e.unit.id)) this.detach(e);
    }
  }

  private attach(unit: DiscoveredUnit): void {
    const e: Entry = {
      unit,
      client: undefined,
      opening: false,
      probing: false,
      present: true,
      state: 'probing',
      phase: null,
      identity: undefined,
      scannedSerial: null,
      progress: null,
      verdict: null,
      failure: null,
      runId: null,
      run: undefined,
      queue: undefined,
      lastSerial: null,
      meter: new ProgressMeter(),
      throttle: new Throttle((event) => this.options.onProgress?.(event), this.now),
    };
    this.entries.set(unit.id, e);
    this.changed(e);
    void this.open(e);
  }

  private detach(e: Entry): void {
    e.present = false;
    void e.client?.close().catch(() => undefined);
    e.client = undefined;
    if (e.run) {
      e.state = e.run.paused ? 'paused' : e.state;
      this.changed(e);
      return;
    }
    this.entries.delete(e.unit.id);
    e.throttle.stop();
    this.options.onChanged?.(this.view({ ...e, state: 'detached' }), true);
  }

  private async open(e: Entry): Promise<void> {
    if (this.closed || e.opening) return;
    e.opening = true;
    try {
      const transport = await e.unit.open(this.options.clientOptions?.defaultBaud);
      if (this.closed || !e.present) {
        await transport.close();
        return;
      }
      const client = new TerminalClient(transport, this.options.clientOptions);
      e.client = client;
      transport.onClose(() => {
        if (e.client === client) e.client = undefined;
      });
      if (!e.run || e.run.paused) void this.probe(e);
    } catch (error) {
      this.options.onError?.(`cannot open ${e.unit.label}`, error);
    } finally {
      e.opening = false;
    }
  }

  /** HELLO until the unit answers, then IDENTITY: who is on this port now? */
  private async probe(e: Entry): Promise<void> {
    if (e.probing) return;
    e.probing = true;
    try {
      for (;;) {
        const client = e.client;
        if (this.closed || !client || client.transport.closed) return;
        if (e.run && !e.run.paused) return;
        try {
          await client.hello();
          // A request on a link that just closed leaves a rejected answer promise behind: do not make one.
          if (client.transport.closed) return;
          const identity = await client.identity();
          if (this.onIdentified(e, identity)) return;
        } catch (error) {
          if (!(error instanceof DeviceError))
            this.options.onError?.(`probe of ${e.unit.label} failed`, error);
        }
        await sleep(this.options.probeIntervalMs ?? 500);
      }
    } finally {
      e.probing = false;
    }
  }

  private async identify(e: Entry): Promise<Identity> {
    const client = e.client;
    if (!client) throw new Error(`${e.unit.label} is not open.`);
    await client.hello();
    const identity = await client.identity();
    e.identity = identity;
    return identity;
  }

  /** Returns true when probing may stop. */
  private onIdentified(e: Entry, identity: Identity): boolean {
    const waiter = this.waiters.get(identity.serial);
    if (waiter) {
      this.waiters.delete(identity.serial);
      clearTimeout(waiter.timer);
      const run = waiter.run;
      if (run.entry !== e) {
        const old = run.entry;
        old.run = undefined;
        old.state = old.client ? 'probing' : 'detached';
        old.identity = undefined;
        this.changed(old);
        if (!old.present) this.detach(old);
        else void this.probe(old);
        run.entry = e;
        e.run = run;
        e.runId = old.runId;
        e.verdict = old.verdict;
        e.scannedSerial = old.scannedSerial;
      }
      e.identity = identity;
      waiter.resolve(e);
      return true;
    }
    const known = e.identity?.serial;
    e.identity = identity;
    if (e.queue) {
      if (identity.serial === e.lastSerial) return false;
      void this.startRun(e, e.queue, identity);
      return true;
    }
    if (this.batch && !this.batch.served.has(identity.serial)) {
      this.batch.served.add(identity.serial);
      void this.startRun(e, this.batch.runner, identity);
      return true;
    }
    if (e.state === 'probing' || known !== identity.serial) {
      e.state = 'idle';
      e.verdict = null;
      e.failure = null;
      e.progress = null;
      e.phase = null;
      if (known !== identity.serial) e.scannedSerial = null;
    }
    this.changed(e);
    return true;
  }

  private startRun(e: Entry, runner: Runner, identity: Identity): Promise<PipelineOutcome | undefined> {
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
    this.changed(e);
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
        return outcome;
      } catch (error) {
        const at = run.entry;
        at.state = 'failed';
        at.failure = {
          step: at.phase ?? 'identify',
          code: 'INTERNAL',
          zh: '工作站内部错误，请交给技术支持。',
          en: `Station error: ${error instanceof Error ? error.message : String(error)}`,
        };
        this.options.onError?.(`run on ${at.unit.label} failed`, error);
        return undefined;
      } finally {
        const at = run.entry;
        at.run = undefined;
        at.lastSerial = at.identity?.serial ?? null;
        this.changed(at);
        if (!at.present) this.detach(at);
        else if (at.queue) void this.probe(at);
      }
    })();
    this.runs.add(done);
    void done.finally(() => this.runs.delete(done));
    return done;
  }

  private hooks(run: Run): PipelineHooks {
    return {
      onStarted: (runId) => {
        run.entry.runId = runId;
        this.changed(run.entry);
      },
      onStep: (step) => {
        run.entry.phase = step;
        if (step !== 'flash') run.entry.progress = null;
        this.changed(run.entry);
      },
      onIdentity: (identity) => {
        run.entry.identity = identity;
        this.changed(run.entry);
      },
      onVerdict: (v) => {
        const reason = v.reasons[0];
        run.entry.verdict = {
          genuine: v.genuine,
          code: v.code,
          zh: reason?.message_zh ?? '官方正品，可以发货。',
          en: reason?.message_en ?? 'Genuine unit: it may be shipped.',
        };
        this.changed(run.entry);
      },
      onFlashProgress: (p) => {
        const e = run.entry;
        const figures = e.meter.sample(this.now(), p.bytesWritten, p.bytesToWrite);
        e.progress = { ...figures, retries: p.retries };
        e.throttle.push({
          portId: e.unit.id,
          serial: e.identity?.serial ?? null,
          phase: e.phase,
          state: e.state,
          ...e.progress,
        });
      },
      onPaused: () => {
        run.paused = true;
        run.entry.state = 'paused';
        this.changed(run.entry);
      },
      onResumed: () => {
        run.paused = false;
        run.entry.state = 'running';
        run.entry.meter.reset();
        this.changed(run.entry);
      },
      reacquire: (serial) => this.reacquire(run, serial),
    };
  }

  private reacquire(run: Run, serial: string): Promise<TerminalClient> {
    if (this.closed) return Promise.reject(new DeviceError('LINK_LOST', 'the station is closing'));
    return new Promise<Entry>((resolve, reject) => {
      const timeout = this.options.pauseTimeoutMs ?? 10 * 60_000;
      const timer = setTimeout(() => {
        this.waiters.delete(serial);
        reject(new DeviceError('LINK_LOST', `${serial} was not back within ${Math.round(timeout / 1000)} s`));
      }, timeout);
      timer.unref();
      this.waiters.set(serial, { run, resolve, reject, timer });
      void this.probe(run.entry);
    }).then((entry) => {
      const client = entry.client;
      if (!client) throw new DeviceError('LINK_LOST', `${entry.unit.label} closed again`);
      return client;
    });
  }

  private require(portId: string): Entry {
    const e = this.entries.get(portId);
    if (!e) throw new Error(`No unit on port ${portId}.`);
    return e;
  }

  private changed(e: Entry): void {
    if (this.entries.get(e.unit.id) !== e) return;
    this.options.onChanged?.(this.view(e), false);
  }

  private view(e: Entry): BoardUnit {
    return {
      portId: e.unit.id,
      label: e.unit.label,
      portPath: e.unit.portPath ?? null,
      usbLocation: e.unit.usbLocation ?? null,
      state: e.state,
      phase: e.phase,
      serial: e.identity?.serial ?? null,
      model: e.identity?.model ?? null,
      mode: e.identity?.mode ?? null,
      firmwareVersion: e.identity?.firmwareVersion ?? null,
      scannedSerial: e.scannedSerial,
      progress: e.progress,
      verdict: e.verdict,
      failure: e.failure,
      runId: e.runId,
      queue: e.queue !== undefined,
    };
  }
}
