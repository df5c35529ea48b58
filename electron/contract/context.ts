import type { Role } from './define';

export interface Operator {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** Everything a handler may know about who is calling; built by main, the host bridge or the CLI. */
export interface CallContext {
  /** null before sign-in. */
  readonly operator: Operator | null;
  /** Opaque id of the signed-in session, for sign-out and expiry. */
  readonly sessionId: string | null;
  readonly via: 'ipc' | 'host' | 'cli';
}
