import type { FirmwareImage } from '../firmware/image-format';
import type { UnfreezeToken } from '../attestation/unfreeze-token';
import { attestationTranscript } from '../protocol/attestation-transcript';
import { MAX_LOG_ENTRIES } from '../protocol/codec';
import {
  JOURNAL_ENTRY_BYTES,
  MAX_JOURNAL_ENTRIES,
  type DeviceFacts,
  type JournalEntry,
} from '../protocol/diagnosis-messages';
import type { CounterId, SignatureAlg } from '../protocol/enums';
import { DEVICE_MAX_BLOCK_SIZE, DEVICE_MAX_WINDOW, PROTOCOL_VERSION } from '../protocol/limits';
import type { AnswerFor, Bind, IdentityInfo, LogEntry, Request, SelftestReport } from '../protocol/messages';
import {
  HELLO_BUSY_MAX_MS,
  HELLO_RETRY_MS,
  HELLO_TIMEOUT_MS,
  REQUEST_ATTEMPTS,
  REBOOT_WAIT_MS,
  requestTimeoutMs,
  type LinkFigures,
} from '../protocol/timeouts';
import type { Transport } from '../transports/transport';
import { DeviceError } from './device-error';
import { flashImage, type FlashOptions, type FlashResult, type Negotiated } from './flash-transfer';
import { StationLink, type RequestOptions } from './station-link';

type FirmwareKind = 'fwManifest' | 'fwBegin' | 'fwBlock' | 'fwEnd';

export interface ClientOptions {
  /** Most FW_BLOCK units in flight; the device may lower it. Default 16. */
  readonly window?: number;
  /** Largest block the station offers; default 4096. */
  readonly maxBlockSize?: number;
  /** Line speed to propose in HELLO (0 = keep the current one). Default 0. */
  readonly proposeBaud?: number;
  /** The speed the unit listens at after power-on; the station returns to it after a restart. */
  readonly defaultBaud?: number;
}

export type Identity = Omit<IdentityInfo, 'kind'>;

export interface AttestationEvidence {
  readonly stationNonce: Uint8Array;
  readonly stationId: string;
  readonly deviceNonce: Uint8Array;
  readonly firmwareHash: Uint8Array;
  /** DER, the device's certificate first. */
  readonly certs: readonly Uint8Array[];
  readonly signatureAlg: SignatureAlg;
  readonly signature: Uint8Array;
  /** The exact bytes the signature must verify over (attestationTranscript). */
  readonly transcript: Uint8Array;
}

export type BindInput = Omit<Bind, 'kind'>;
export type SelfTestReport = Omit<SelftestReport, 'kind'>;

/**
 * The station's typed view of one terminal over any transport (docs/protocol.md). Every method
 * negotiates with HELLO first if it has not yet; every failure is a DeviceError with a §9 code.
 */
export class TerminalClient {
  readonly link: StationLink;
  private negotiated: Negotiated | undefined;

  constructor(
    readonly transport: Transport,
    private readonly options: ClientOptions = {},
  ) {
    this.link = new StationLink(transport);
  }

  /** Link figures from the last HELLO; undefined before it. */
  get session(): Negotiated | undefined {
    return this.negotiated;
  }

  /**
   * Negotiates (§3). An attempt that times out while the unit is visibly answering other frames — those
   * a station process that died mid-flash left on the line — does not count: the unit is alive and
   * will reach this HELLO once it has worked through them (up to HELLO_BUSY_MAX_MS).
   */
  async hello(timeoutMs = HELLO_TIMEOUT_MS): Promise<Negotiated> {
    const message = {
      kind: 'hello',
      minVersion: PROTOCOL_VERSION,
      maxVersion: PROTOCOL_VERSION,
      maxWindow: this.options.window ?? DEVICE_MAX_WINDOW,
      maxBlockSize: this.options.maxBlockSize ?? DEVICE_MAX_BLOCK_SIZE,
      linkBaud: this.options.proposeBaud ?? 0,
    } as const;
    const started = Date.now();
    let silentAttempts = 0;
    let ack: AnswerFor['hello'];
    for (;;) {
      const framesBefore = this.link.framesSeen;
      try {
        ack = await this.link.request(message, { timeoutMs, attempts: 1 });
        break;
      } catch (error) {
        if (!(error instanceof DeviceError) || error.code !== 'TIMEOUT') throw error;
        if (this.link.framesSeen === framesBefore) silentAttempts++;
        if (silentAttempts >= REQUEST_ATTEMPTS || Date.now() - started >= HELLO_BUSY_MAX_MS) {
          throw new DeviceError(
            'TIMEOUT',
            `no answer to hello in ${Date.now() - started} ms (${silentAttempts} attempts met silence)`,
          );
        }
        this.link.counters.retries++;
      }
    }
    if (ack.version !== PROTOCOL_VERSION) {
      throw new DeviceError('PROTOCOL_VIOLATION', `device chose version ${ack.version}`);
    }
    const proposed = this.options.proposeBaud ?? 0;
    if (
      proposed !== 0 &&
      ack.linkBaud === proposed &&
      proposed !== this.options.defaultBaud &&
      this.transport.setBaud
    ) {
      await this.transport.setBaud(proposed);
    }
    this.negotiated = {
      window: ack.window,
      blockSize: ack.blockSize,
      // §3: the answer is the speed the line runs at now. A unit that reads "0" as "no change" answers
      // 0 on a UART too: time the requests for the port's own speed then, not for an untimed link's.
      linkBaud: ack.linkBaud !== 0 ? ack.linkBaud : (this.transport.baud ?? 0),
      writeBytesPerSec: ack.writeBytesPerSec,
      hashBytesPerSec: ack.hashBytesPerSec,
    };
    return this.negotiated;
  }

  /**
   * A request outside the firmware transfer. A unit that restarted on its own (power cut, watchdog)
   * answers BAD_STATE until it hears HELLO again — or, when HELLO had raised the line speed, hears
   * nothing it can read, since it listens at its power-on speed again: either way, back to that
   * speed, negotiate and repeat the request once (§3).
   */
  private async call<K extends Exclude<keyof AnswerFor, 'hello' | FirmwareKind>>(
    message: Extract<Request, { kind: K }>,
    options: RequestOptions,
  ): Promise<AnswerFor[K]> {
    try {
      return await this.link.request(message, options);
    } catch (error) {
      const restarted =
        error instanceof DeviceError &&
        (error.code === 'BAD_STATE' || (error.code === 'TIMEOUT' && this.raisedSpeed()));
      if (!restarted) throw error;
      await this.backToPowerOnSpeed();
      await this.hello();
      return this.link.request(message, options);
    }
  }

  /** Whether the last HELLO moved the line off the speed the unit powers on at. */
  private raisedSpeed(): boolean {
    const { defaultBaud } = this.options;
    const linkBaud = this.negotiated?.linkBaud ?? 0;
    return Boolean(defaultBaud && this.transport.setBaud && linkBaud !== 0 && linkBaud !== defaultBaud);
  }

  private async backToPowerOnSpeed(): Promise<void> {
    if (this.raisedSpeed()) await this.transport.setBaud!(this.options.defaultBaud!);
    this.negotiated = undefined;
  }

  private async ready(): Promise<Negotiated> {
    return this.negotiated ?? (await this.hello());
  }

  private timeout(link: LinkFigures, payloadBytes = 512): number {
    return requestTimeoutMs(link, payloadBytes);
  }

  async identity(): Promise<Identity> {
    const n = await this.ready();
    const { kind: _kind, ...identity } = await this.call(
      { kind: 'identity' },
      { timeoutMs: this.timeout(n) },
    );
    return identity;
  }

  async attest(stationNonce: Uint8Array, stationId: string): Promise<AttestationEvidence> {
    const n = await this.ready();
    const a = await this.call(
      { kind: 'attest', stationNonce, stationId },
      { timeoutMs: this.timeout(n, 4096) },
    );
    return {
      stationNonce,
      stationId,
      deviceNonce: a.deviceNonce,
      firmwareHash: a.firmwareHash,
      certs: a.certs,
      signatureAlg: a.signatureAlg,
      signature: a.signature,
      transcript: attestationTranscript({
        stationNonce,
        deviceNonce: a.deviceNonce,
        stationId,
        firmwareHash: a.firmwareHash,
      }),
    };
  }

  /** Writes the image into the inactive slot; resumes by content. Ends with the slot pending a test boot. */
  async flash(image: Uint8Array | FirmwareImage, options: FlashOptions = {}): Promise<FlashResult> {
    try {
      return await flashImage(this.link, await this.ready(), image, options);
    } catch (error) {
      // Restarted under us (BAD_STATE until HELLO): negotiate again; resume by content skips what it holds.
      if (!(error instanceof DeviceError) || error.code !== 'BAD_STATE') throw error;
      this.negotiated = undefined;
      return flashImage(this.link, await this.hello(), image, options);
    }
  }

  /** Restarts the unit and waits until it answers HELLO again (a pending image boots as a test). */
  async reboot(): Promise<void> {
    const n = await this.ready();
    try {
      // Not through call(): repeating a REBOOT after BAD_STATE would restart the unit a second time,
      // and a second restart of a test boot rolls the new image back.
      await this.link.request({ kind: 'reboot' }, { timeoutMs: this.timeout(n) });
    } catch (error) {
      // The retry of a REBOOT whose ack was lost meets the restarted unit: BAD_STATE means it rebooted.
      if (!(error instanceof DeviceError) || error.code !== 'BAD_STATE') throw error;
    }
    await this.reconnect();
  }

  /** Runs the self-test; a failure during a test boot rolls the unit back and it restarts (awaited here). */
  async selfTest(): Promise<SelfTestReport> {
    const n = await this.ready();
    const { kind: _kind, ...report } = await this.call({ kind: 'selftest' }, { timeoutMs: this.timeout(n) });
    if (report.rolledBack) await this.reconnect();
    return report;
  }

  async confirm(): Promise<void> {
    const n = await this.ready();
    await this.call({ kind: 'confirm' }, { timeoutMs: this.timeout(n) });
  }

  async rollback(): Promise<void> {
    const n = await this.ready();
    await this.call({ kind: 'rollback' }, { timeoutMs: this.timeout(n) });
    await this.reconnect();
  }

  async bind(binding: BindInput): Promise<void> {
    const n = await this.ready();
    const ack = await this.call({ kind: 'bind', ...binding }, { timeoutMs: this.timeout(n) });
    if (ack.applicationId !== binding.applicationId) {
      throw new DeviceError(
        'PROTOCOL_VIOLATION',
        `bound to ${ack.applicationId}, asked ${binding.applicationId}`,
      );
    }
  }

  /** Every log entry the unit holds, oldest first; `onPage` hears each page (entries read so far, held). */
  async logs(onPage?: (read: number, total: number) => void): Promise<LogEntry[]> {
    const n = await this.ready();
    const out: LogEntry[] = [];
    for (let from = 0; ;) {
      const page = await this.call(
        { kind: 'logs', fromIndex: from, maxEntries: MAX_LOG_ENTRIES },
        { timeoutMs: this.timeout(n, 4608) },
      );
      out.push(...page.entries);
      onPage?.(out.length, page.total);
      const last = page.entries[page.entries.length - 1];
      if (!last) return out;
      from = last.index + 1;
    }
  }

  /** Every transaction journal entry the unit holds, oldest first (§8.1), paged like the log. */
  async journal(onPage?: (read: number, total: number) => void): Promise<JournalEntry[]> {
    const n = await this.ready();
    const out: JournalEntry[] = [];
    for (let from = 0; ;) {
      const page = await this.call(
        { kind: 'journal', fromIndex: from, maxEntries: MAX_JOURNAL_ENTRIES },
        { timeoutMs: this.timeout(n, 5 + MAX_JOURNAL_ENTRIES * JOURNAL_ENTRY_BYTES) },
      );
      out.push(...page.entries);
      onPage?.(out.length, page.total);
      const last = page.entries[page.entries.length - 1];
      // A page that does not move forward would loop for ever: the unit broke §8.1.
      if (last && last.index < from)
        throw new DeviceError('PROTOCOL_VIOLATION', `journal page from ${from} began at ${last.index}`);
      if (!last || out.length >= page.total) return out;
      from = last.index + 1;
    }
  }

  /** Battery, SIM, radio and clock (§8.2). */
  async facts(): Promise<Omit<DeviceFacts, 'kind'>> {
    const n = await this.ready();
    const { kind: _kind, ...facts } = await this.call({ kind: 'facts' }, { timeoutMs: this.timeout(n) });
    return facts;
  }

  async counters(): Promise<Partial<Record<CounterId, number>>> {
    const n = await this.ready();
    const answer = await this.call({ kind: 'counters' }, { timeoutMs: this.timeout(n) });
    return Object.fromEntries(answer.values.map((v) => [v.id, v.value]));
  }

  async freeze(reason: string): Promise<void> {
    const n = await this.ready();
    await this.call({ kind: 'freeze', reason }, { timeoutMs: this.timeout(n) });
  }

  /** §8.3: the fresh nonce the unit will accept one unfreeze token for. */
  async unfreezeChallenge(): Promise<Uint8Array> {
    const n = await this.ready();
    return (await this.call({ kind: 'unfreezeChallenge' }, { timeoutMs: this.timeout(n) })).nonce;
  }

  /** §8.3: lifts the unit's frozen flag with a registry-signed token (UNFREEZE_REFUSED otherwise). */
  async unfreeze(token: UnfreezeToken): Promise<void> {
    const n = await this.ready();
    await this.call({ kind: 'unfreeze', ...token }, { timeoutMs: this.timeout(n) });
  }

  /** §8.4: wipes binding, merchant data and journal; `serial` must be the unit's own. */
  async factoryReset(serial: string): Promise<{ journalWiped: number }> {
    const n = await this.ready();
    const ack = await this.call({ kind: 'factoryReset', serial }, { timeoutMs: this.timeout(n) });
    return { journalWiped: ack.journalWiped };
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** After a restart the unit listens at its default speed again; HELLO until it answers (§6.6). */
  private async reconnect(): Promise<void> {
    const deadline = Date.now() + REBOOT_WAIT_MS;
    await this.backToPowerOnSpeed();
    for (;;) {
      try {
        await this.hello(HELLO_RETRY_MS);
        return;
      } catch (error) {
        if (!(error instanceof DeviceError) || error.code !== 'TIMEOUT' || Date.now() >= deadline)
          throw error;
      }
    }
  }
}
