/**
 * A TCP proxy between stations and one hub process that injects faults, one fate per connection
 * drawn from a seeded generator. It sees only TLS bytes (mutual TLS ends at the hub), so its
 * faults are the network's: a connection dropped at once, every chunk delayed, or the answer cut
 * off — the request forwarded in full, the connection destroyed when the hub starts to answer, so
 * the hub decides and commits while its station never hears. (Duplicated requests are made one
 * layer up, by the station's transport: a TCP proxy cannot replay a TLS request.)
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
  private readonly open = new Set<{ client: Socket; hub: Socket; awaitingAnswer: boolean }>();
  private rates: FaultRates;
  port = 0;

  constructor(
    private targetPort: number,
    seed: number,
    rates: FaultRates,
  ) {
    this.random = seeded(seed);
    this.rates = rates;
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
  }

  /** Some station has sent a request on a connection the hub has not answered yet. */
  requestInFlight(): boolean {
    return [...this.open].some((c) => c.awaitingAnswer);
  }

  private fate(): Fate {
    const r = this.random();
    const { drop, delay, cut } = this.rates;
    if (r < drop) return 'drop';
    if (r < drop + delay) return 'delay';
    if (r < drop + delay + cut) return 'cut';
    return 'pass';
  }

  private accept(client: Socket): void {
    const fate = this.fate();
    if (fate !== 'pass') this.injected[fate]++;
    if (fate === 'drop') {
      client.destroy();
      return;
    }
    const delayMs = fate === 'delay' ? 20 + Math.floor(this.random() * 200) : 0;
    const hub = connect(this.targetPort, '127.0.0.1');
    const conn = { client, hub, awaitingAnswer: false };
    this.open.add(conn);
    let clientChunks = 0;
    let lastClientAt = 0;
    const end = () => {
      this.open.delete(conn);
      client.destroy();
      hub.destroy();
    };
    const later = (fn: () => void) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());
    client.on('data', (chunk) => {
      clientChunks++;
      lastClientAt = Date.now();
      conn.awaitingAnswer = clientChunks >= 2;
      later(() => hub.write(chunk));
    });
    hub.on('data', (chunk) => {
      // Past the handshake, an answer that took the hub a moment to make: the request was decided.
      if (fate === 'cut' && clientChunks >= 2 && Date.now() - lastClientAt >= 20) return end();
      conn.awaitingAnswer = false;
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
