/**
 * A station's network link to the hub as a TCP proxy the test controls: `down()` cuts every open
 * connection and refuses new ones (the station is offline), `hold()` lets connections open but
 * keeps every byte the station sends until `release()` (a slow link: requests made meanwhile reach
 * the hub only then), `up()` restores it. Mutual TLS passes through untouched.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

type Mode = 'up' | 'down' | 'hold';

export class LinkProxy {
  private mode: Mode = 'up';
  private readonly server: Server;
  private readonly open = new Set<{ client: Socket; hub: Socket; held: Buffer[] }>();
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => this.accept(client));
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        const a = this.server.address();
        this.port = typeof a === 'object' && a ? a.port : 0;
        resolve();
      }),
    );
  }

  down(): void {
    this.mode = 'down';
    for (const c of this.open) {
      c.client.destroy();
      c.hub.destroy();
    }
    this.open.clear();
  }

  up(): void {
    this.mode = 'up';
  }

  hold(): void {
    this.mode = 'hold';
  }

  /** Sends everything held, in order, and passes bytes through again. */
  release(): void {
    this.mode = 'up';
    for (const c of this.open) for (const chunk of c.held.splice(0)) c.hub.write(chunk);
  }

  private accept(client: Socket): void {
    if (this.mode === 'down') {
      client.destroy();
      return;
    }
    const hub = connect(this.targetPort, '127.0.0.1');
    const conn = { client, hub, held: [] as Buffer[] };
    this.open.add(conn);
    const end = () => {
      this.open.delete(conn);
      client.destroy();
      hub.destroy();
    };
    client.on('data', (chunk: Buffer) => (this.mode === 'hold' ? conn.held.push(chunk) : hub.write(chunk)));
    hub.on('data', (chunk: Buffer) => client.write(chunk));
    for (const s of [client, hub]) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  close(): Promise<void> {
    this.down();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
