import { TransportClosedError, TransportEvents, type Transport } from './transport';

class MemoryEnd implements Transport {
  readonly events = new TransportEvents();
  peer: MemoryEnd | undefined;

  constructor(readonly name: string) {}

  get closed(): boolean {
    return this.events.closed;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new TransportClosedError(this.name);
    const copy = bytes.slice();
    const peer = this.peer;
    // Deliver asynchronously, as a real link does, so callers cannot depend on re-entrancy.
    setImmediate(() => peer?.events.emitData(copy));
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    const peer = this.peer;
    this.events.emitClose();
    setImmediate(() => peer?.events.emitClose(new Error(`${peer.name}: the other end closed.`)));
  }
}

/** Two connected in-memory transports: what one writes the other receives. For unit tests. */
export function createMemoryPair(name = 'memory'): [Transport, Transport] {
  const a = new MemoryEnd(`${name}:station`);
  const b = new MemoryEnd(`${name}:device`);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
