import type { Envelope } from '../../contract/errors';

/**
 * What main and the station's utility process say to each other over one message port. Plain
 * structured-cloneable data: the station's calls and events are already JSON-safe envelopes.
 * `window` is the webContents id: each window carries its own operator session in the station.
 */
export type ToStation =
  | { readonly type: 'start'; readonly config: StationStart }
  | { readonly type: 'attach'; readonly window: number }
  | { readonly type: 'detach'; readonly window: number }
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly window: number;
      readonly name: string;
      readonly input: unknown;
    }
  | { readonly type: 'close' }
  /** main's answer to `wrapKey`: the bytes (base64), or why it could not. */
  | { readonly type: 'keyWrapped'; readonly id: number; readonly base64?: string; readonly error?: string };

export type FromStation =
  | { readonly type: 'ready'; readonly firstStart: FirstStart }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'event'; readonly window: number; readonly name: string; readonly payload: unknown }
  | { readonly type: 'closed' }
  /** The station asks main to wrap or unwrap its hub key with safeStorage (which only main has). */
  | {
      readonly type: 'wrapKey';
      readonly id: number;
      readonly op: 'wrap' | 'unwrap';
      readonly base64: string;
    };

/** What main decided before the station starts (flags, the unwrapped document key). */
export interface StationStart {
  readonly dataDir: string;
  readonly demo: boolean;
  /** `--demo-date`: the demo clock's start, epoch ms. */
  readonly demoStartMs?: number;
  /** Line speeds from start flags; those not given come from the station's Settings. */
  readonly line: { readonly powerOnBaud?: number; readonly proposeBaud?: number };
  readonly version: string;
  /** safeStorage lives in main only, so main unwraps the key and hands the bytes over. */
  readonly documentKey: { readonly description: string; readonly base64: string };
}

/** Said once, on the very first start: for main to show in its first-start dialog. */
export interface FirstStart {
  readonly initialAdmin: { readonly username: string; readonly oneTimePassword: string } | null;
  readonly demoOperatorLines: readonly string[];
}

/** One end of a message channel: Electron's utility-process port, or a Node MessagePort in tests. */
export interface RelayPort<Out, In> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
