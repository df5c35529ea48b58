import type { Readable, Writable } from 'node:stream';
import { TransportClosedError, TransportEvents, type Transport } from './transport';

/** A byte stream pair as a transport: the simulator speaking on its own stdin/stdout. */
export class StreamTransport implements Transport {
  private readonly events = new TransportEvents();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    readonly name: string,
  ) {
    input.on('data', (chunk: Buffer) => this.events.emitData(chunk));
    input.on('end', () => this.events.emitClose());
    input.on('error', (error: Error) => this.events.emitClose(error));
    output.on('error', (error: Error) => this.events.emitClose(error));
  }

  get closed(): boolean {
    return this.events.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportClosedError(this.name));
    return new Promise((resolve, reject) =>
      this.output.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    this.events.emitClose();
    this.input.pause();
  }
}
