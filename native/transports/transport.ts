/**
 * A transport moves bytes and nothing else: the protocol above it is the same for a serial port,
 * a USB bulk endpoint pair, a pseudo-terminal or an in-memory pipe.
 */
export interface Transport {
  /** How the unit is named to an operator: a port path or a USB location. */
  readonly name: string;
  readonly closed: boolean;
  /** Resolves once the bytes are handed to the OS (or the peer); rejects if the link is gone. */
  write(bytes: Uint8Array): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Called once when the link goes away, by close() or by the other end (unplug, process exit). */
  onClose(listener: (error?: Error) => void): () => void;
  /** Switch the line speed after a HELLO negotiated one; absent when the link has no baud rate. */
  setBaud?(baud: number): Promise<void>;
  /**
   * The line speed the port runs at now (8N1 baud); absent when the link has none. The station times
   * its requests by it when a unit's HELLO_ACK gives 0 for the line speed (docs/protocol.md §3).
   */
  readonly baud?: number;
  close(): Promise<void>;
}

/** Thrown by write() on a transport that has closed; the client maps it to LINK_LOST. */
export class TransportClosedError extends Error {
  constructor(name: string) {
    super(`The link to ${name} is closed.`);
    this.name = 'TransportClosedError';
  }
}

/** Shared listener bookkeeping for transport implementations. */
export class TransportEvents {
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private closedFlag = false;

  get closed(): boolean {
    return this.closedFlag;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (this.closedFlag) {
      queueMicrotask(() => listener());
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  emitData(bytes: Uint8Array): void {
    if (this.closedFlag) return;
    for (const l of [...this.dataListeners]) l(bytes);
  }

  emitClose(error?: Error): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const l of [...this.closeListeners]) l(error);
    this.closeListeners.clear();
    this.dataListeners.clear();
  }
}
