/**
 * A TCP proxy between stations and one hub process that injects faults, one fate per connection
 * drawn from a seeded generator. It sees only TLS bytes (mutual TLS ends at the hub), so its
 * faults are the network's: a connection dropped at once, every chunk delayed, or the answer cut
 * off — the request forwarded in full, the connection destroyed when the hub starts to answer, so
 * the hub decides and commits while its station never hears. (Duplicated requests are made one
 * layer up, by the station's transport: a TCP proxy cannot replay a TLS request.)
 *
 * Stations keep their connections alive, so a run opens only a handful per proxy: drawn at random,
 * a kind of fault could fail to happen at all. Each kind is therefore owed once and dealt, in a
 * seeded order, to the first connections; a cut that closed before any answer came is owed again.
 * A fault counts when it happens, not when it is drawn.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { seeded } from './rng';

export type Fate = 'pass' | 'drop' | 'delay' | 'cut';

export interface FaultRates {
  readonly drop: number;
  readonly delay: number;
  readonly cut: number;
}

export class FaultProxy {
  readonly injected: Record<Exclude<Fate, 'pass'>, number> = { drop: 0, delay: 0, cut: 0 };
  private readonly random: () => number;
  private readonly server: Server;
  private readonly open = new Set<{ client: Socket; hub: Socket }>();
  private rates: FaultRates;
  private owed: Exclude<Fate, 'pass'>[];
  private onRequest: (() => void) | null = null;
  port = 0;

  constructor(
    private targetPort: number,
    seed: number,
    rates: FaultRates,
  ) {
    this.random = seeded(seed);
    this.rates = rates;
    this.owed = shuffled(['drop', 'delay', 'cut'], this.random);
    this.server = createServer((client) => this.accept(client));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        const a = this.server.address();
        this.port = typeof a === 'object' && a ? a.port : 0;
        resolve(this.port);
      });
    });
  }

  /** The hub restarted on another port. */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Faults heal: every new connection passes untouched. */
  heal(): void {
    this.rates = { drop: 0, delay: 0, cut: 0 };
    this.owed = [];
  }

  /**
   * Calls `act` at once when a station sends bytes past its ClientHello for the `n`th time (a
   * request, or the handshake's last flight, which may carry one), before they are forwarded:
   * whatever `act` does, they are in flight.
   */
  atRequest(n: number, act: () => void): void {
    let seen = 0;
    this.onRequest = () => {
      if (++seen < n) return;
      this.onRequest = null;
      act();
    };
  }

  private fate(): Fate {
    const owed = this.owed.shift();
    if (owed) return owed;
    const r = this.random();
    const { drop, delay, cut } = this.rates;
    if (r < drop) return 'drop';
    if (r < drop + delay) return 'delay';
    if (r < drop + delay + cut) return 'cut';
    return 'pass';
  }

  private accept(client: Socket): void {
    const fate = this.fate();
    if (fate === 'drop' || fate === 'delay') this.injected[fate]++;
    if (fate === 'drop') {
      client.destroy();
      return;
    }
    const delayMs = fate === 'delay' ? 20 + Math.floor(this.random() * 200) : 0;
    const hub = connect(this.targetPort, '127.0.0.1');
    const conn = { client, hub };
    this.open.add(conn);
    let clientChunks = 0;
    let lastClientAt = 0;
    let cut = false;
    const end = () => {
      if (!this.open.has(conn)) return;
      if (fate === 'cut' && !cut && this.rates.cut > 0) this.owed.push('cut');
      this.open.delete(conn);
      client.destroy();
      hub.destroy();
    };
    const later = (fn: () => void) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());
    client.on('data', (chunk) => {
      clientChunks++;
      lastClientAt = Date.now();
      if (clientChunks >= 2) this.onRequest?.();
      later(() => hub.write(chunk));
    });
    hub.on('data', (chunk) => {
      // Past the handshake, an answer that took the hub a moment to make: the request was decided.
      if (fate === 'cut' && clientChunks >= 2 && Date.now() - lastClientAt >= 20) {
        cut = true;
        this.injected.cut++;
        return end();
      }
      later(() => client.write(chunk));
    });
    client.on('error', end);
    hub.on('error', end);
    client.on('close', end);
    hub.on('close', end);
  }

  close(): Promise<void> {
    for (const c of this.open) {
      c.client.destroy();
      c.hub.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
