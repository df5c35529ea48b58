import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { DeviceError } from '../client/device-error';
import { TransportClosedError, TransportEvents, type Transport } from './transport';

export interface SerialOpenOptions {
  readonly path: string;
  readonly baudRate?: number;
}

/** CDC-ACM serial ports, UARTs and pseudo-terminals through the `serialport` package. */
export class SerialTransport implements Transport {
  private readonly events = new TransportEvents();

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.events.emitData(chunk));
    port.on('close', (error: Error | null) => this.events.emitClose(error ?? undefined));
    port.on('error', (error: Error) => this.events.emitClose(error));
  }

  /** Rejects with a DeviceError: PORT_NOT_FOUND for a path that does not exist, else PORT_UNAVAILABLE. */
  static open(options: SerialOpenOptions): Promise<SerialTransport> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({
        path: options.path,
        baudRate: options.baudRate ?? 115200,
        autoOpen: false,
      });
      port.open((error) => {
        if (!error) resolve(new SerialTransport(port));
        else
          reject(
            new DeviceError(existsSync(options.path) ? 'PORT_UNAVAILABLE' : 'PORT_NOT_FOUND', error.message),
          );
      });
    });
  }

  get name(): string {
    return this.port.path;
  }

  get closed(): boolean {
    return this.events.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportClosedError(this.name));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  /** serialport keeps it current across update(). */
  get baud(): number {
    return this.port.baudRate;
  }

  setBaud(baud: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.update({ baudRate: baud }, (error) => (error ? reject(error) : resolve())),
    );
  }

  close(): Promise<void> {
    if (this.closed || !this.port.isOpen) {
      this.events.emitClose();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.port.close(() => {
        this.events.emitClose();
        resolve();
      });
    });
  }
}
