import { DeviceError } from '../../../../native/client/device-error';
import { TerminalClient, type ClientOptions, type Identity } from '../../../../native/client/terminal-client';
import type { DiscoveredUnit } from '../../../../native/transports/discovery';
import type { UnitProgressEvent } from './board-unit';
import { Throttle } from './progress-meter';
import { newEntry, type Entry } from './unit-entry';

export interface TrackerOptions {
  readonly discover: () => Promise<readonly DiscoveredUnit[]>;
  readonly probeIntervalMs?: number;
  readonly clientOptions?: ClientOptions;
  readonly now: () => number;
  readonly onProgress?: (event: UnitProgressEvent) => void;
  readonly onError?: (message: string, error: unknown) => void;
  /** A unit answered IDENTITY on `e`; returns true when probing may stop. */
  readonly onIdentified: (e: Entry, identity: Identity) => boolean;
  /** Something about `e` changed (it is still on the board). */
  readonly changed: (e: Entry) => void;
  /** `e` left the board. */
  readonly removed: (e: Entry) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ports and who is on them: discovery (units plugged in or pulled out), opening a client on
 * each, and probing (HELLO until the unit answers, then IDENTITY).
 */
export class DeviceTracker {
  readonly entries = new Map<string, Entry>();
  private polling: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: TrackerOptions) {}

  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  require(portId: string): Entry {
    const e = this.entries.get(portId);
    if (!e) throw new Error(`No unit on port ${portId}.`);
    return e;
  }

  /** Stops watching and closes every client; runs still going see their links close. */
  async close(): Promise<void> {
    this.closed = true;
    await this.polling;
    for (const e of this.entries.values()) {
      e.throttle.stop();
      await e.client?.close().catch(() => undefined);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** HELLO and IDENTITY now, on the client the port has open. */
  async identify(e: Entry): Promise<Identity> {
    const client = e.client;
    if (!client) throw new Error(`${e.unit.label} is not open.`);
    await client.hello();
    const identity = await client.identity();
    e.identity = identity;
    return identity;
  }

  /** A port whose unit went away: kept while a run holds it, dropped from the board otherwise. */
  detach(e: Entry): void {
    e.present = false;
    void e.client?.close().catch(() => undefined);
    e.client = undefined;
    if (e.run) {
      e.state = e.run.paused ? 'paused' : e.state;
      this.options.changed(e);
      return;
    }
    this.entries.delete(e.unit.id);
    e.throttle.stop();
    this.options.removed(e);
  }

  /** HELLO until the unit answers, then IDENTITY: who is on this port now? */
  async probe(e: Entry): Promise<void> {
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
          if (this.options.onIdentified(e, identity)) return;
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
    const e = newEntry(unit, new Throttle((event) => this.options.onProgress?.(event), this.options.now));
    this.entries.set(unit.id, e);
    this.options.changed(e);
    void this.open(e);
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
}
