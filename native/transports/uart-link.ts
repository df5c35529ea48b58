import { PacedLine } from './paced-line';
import { TransportClosedError, TransportEvents, type Transport } from './transport';

export interface UartLinkOptions {
  /** Line speed, 8N1: baud / 10 bytes per second each way. */
  readonly baud: number;
  /** Transmit buffer per direction, like a UART's driver buffer or a CDC-ACM device's; default 4 KiB. */
  readonly bufferBytes?: number;
}

export const UART_BUFFER_BYTES = 4096;

/**
 * One end of a serial line as hardware has it: what this end writes waits in a bounded transmit
 * buffer (write() resolves only once the bytes are in it, so a fast writer is held back instead of
 * buffering without limit) and leaves at the line rate; the other end receives it as it arrives.
 */
class UartEnd implements Transport {
  readonly events = new TransportEvents();
  peer: UartEnd | undefined;
  readonly tx: PacedLine;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    baud: number,
    private readonly capacity: number,
  ) {
    this.tx = new PacedLine(baud, (bytes) => this.peer?.events.emitData(bytes), 2);
  }

  get closed(): boolean {
    return this.events.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportClosedError(this.name));
    const copy = bytes.slice();
    // Writes keep their order: each waits for the one before it to be in the buffer.
    const done = this.writing.then(async () => {
      for (let at = 0; at < copy.length; at += this.capacity) {
        const piece = copy.subarray(at, Math.min(copy.length, at + this.capacity));
        await this.tx.whenAtMost(this.capacity - piece.length);
        if (this.closed) throw new TransportClosedError(this.name);
        this.tx.push(piece);
      }
    });
    this.writing = done.catch(() => undefined);
    return done;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  /** The other end went away (unplugged): what was in flight is lost. */
  drop(error?: Error): void {
    this.tx.stop();
    this.events.emitClose(error);
  }

  async close(): Promise<void> {
    const peer = this.peer;
    this.drop();
    setImmediate(() => peer?.drop(new Error(`${peer.name}: the other end closed.`)));
  }
}

/**
 * A serial link between two transports in this process that behaves like a real UART or USB CDC-ACM
 * device: bounded buffers each way (a writer blocks until there is room), every byte taking its 8N1
 * line time. Tests and the flash bench put the station on one end and a simulated unit on the other.
 */
export function createUartPair(name: string, options: UartLinkOptions): [Transport, Transport] {
  const capacity = options.bufferBytes ?? UART_BUFFER_BYTES;
  const station = new UartEnd(`${name}:station`, options.baud, capacity);
  const device = new UartEnd(`${name}:device`, options.baud, capacity);
  station.peer = device;
  device.peer = station;
  return [station, device];
}
