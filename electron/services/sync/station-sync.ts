import { join } from 'node:path';
import { DEVICE_STATUS_KINDS, hubDeviceStanding, type HubDeviceStanding } from './hub-device-standing';
import type { SyncCaseView, SyncIdentityView, SyncMutationView, SyncStatusView } from '../../contract/sync';
import type { ScryptParams } from '../accounts/password-hash';
import type { Vault } from '../vault/vault';
import { AuditPusher, type AuditSource } from './audit-push';
import { CaseDocuments } from './case-documents';
import { CASE_WORD_KINDS, retryBasis } from './case-words';
import { SKEW_WARN_MS, SyncEngine } from './engine';
import { createHubClient, type HubClient } from './hub-client';
import { enrol, type StationIdentity } from './identity';
import { certificateFingerprint, certificateValidTo, type IdentityStore } from './identity-store';
import type { OfflineLockout } from '../accounts/offline-lockout';
import { OperatorSignIn, type SignedIn } from './operator-signin';
import { SyncQueue, type NewMutation, type QueuedMutation } from './queue';
import type { SyncParticipant } from './participant';
import { backfillProgress } from './run-backfill';
import { hubRegistryCheck } from './registry-check';
import type { HubRegistryCheck } from '../devices/pipeline/pipeline-types';

/** What the hub's pulled `case` change holds (server/mutations/cases.ts caseView). */
export interface HubCase {
  readonly status: string;
  /** The fencing token: also the case's version a resubmission is based on. */
  readonly token: number;
  readonly originStation: string | null;
  readonly holder: string | null;
  readonly holderStation: string | null;
  readonly holderStationName?: string | null;
  readonly leaseUntil: string | null;
  readonly decidedBy: string | null;
  readonly decidedStation: string | null;
  readonly decidedStationName?: string | null;
  readonly decidedAt: string | null;
  /** A first approval (four eyes) while the case awaits the second: who, where, when (hub clock). */
  readonly firstApprover?: string | null;
  readonly firstApproverStation?: string | null;
  readonly firstApproverStationName?: string | null;
  readonly firstApprovedAt?: string | null;
  /** The correction that reopened the case after its last rejection: who, where, when. */
  readonly resubmittedBy?: string | null;
  readonly resubmittedStation?: string | null;
  readonly resubmittedStationName?: string | null;
  readonly resubmittedAt?: string | null;
}

export interface StationSyncOptions {
  readonly dataDir: string;
  readonly identities: IdentityStore;
  /** Told after every change of status (a round, an enqueue, a retry or discard). */
  readonly onStatus: (status: SyncStatusView) => void;
  readonly onError: (message: string, error: unknown) => void;
  readonly now?: () => number;
  /** The station store's audit chain, pushed to the hub every round. */
  readonly auditSource: AuditSource;
  /** Seals the keys of the case documents the station holds (the station's document vault). */
  readonly documentVault: Vault;
  /** The station's clock for the offline sign-in bound (a moved clock moves the bound). */
  readonly signInNow?: () => number;
  readonly offlineSignInMs?: number;
  /** The lockout of offline sign-in attempts, kept in the station store with its audit. */
  readonly offlineLockout: OfflineLockout;
  /** An operator the hub disabled, as pulled: their sessions here end at once. */
  readonly onOperatorDisabled?: (username: string) => void;
  /** Tests lower the cost of the offline verifier; production keeps the default. */
  readonly scrypt?: ScryptParams;
}

export { DEVICE_STATUS_KINDS };

/** How long a reviewer waits for the hub to grant a claim before being told it is unreachable. */
const ANSWER_WAIT_MS = 8_000;

/**
 * The station's link to its hub: absent (standalone) until the station is enrolled, then the
 * engine over its queue, started at once. Enrolment from Settings switches it on without a restart.
 */
export class StationSync {
  private identity: StationIdentity | null = null;
  private queue: SyncQueue | null = null;
  private client: HubClient | null = null;
  private engine: SyncEngine | null = null;
  private signIns: OperatorSignIn | null = null;
  private caseDocuments: CaseDocuments | null = null;
  private auditPusher: AuditPusher | null = null;
  /** Read by the engine at every round: a participant joined later takes part from the next one. */
  private readonly participants: SyncParticipant[] = [];

  private constructor(private readonly opts: StationSyncOptions) {}

  static async open(opts: StationSyncOptions): Promise<StationSync> {
    const sync = new StationSync(opts);
    const identity = await opts.identities.load();
    if (identity) sync.connect(identity);
    return sync;
  }

  get enrolled(): boolean {
    return this.engine !== null;
  }

  private connect(identity: StationIdentity): void {
    this.identity = identity;
    this.queue = new SyncQueue(join(this.opts.dataDir, 'sync.sqlite'), this.opts.now);
    this.client = createHubClient(identity);
    this.signIns = new OperatorSignIn({
      queue: this.queue,
      client: this.client,
      lockout: this.opts.offlineLockout,
      ...(this.opts.signInNow ? { now: this.opts.signInNow } : {}),
      ...(this.opts.offlineSignInMs ? { offlineForMs: this.opts.offlineSignInMs } : {}),
      ...(this.opts.scrypt ? { scrypt: this.opts.scrypt } : {}),
    });
    this.caseDocuments = new CaseDocuments(this.queue, identity.stationId, this.opts.documentVault);
    this.auditPusher = new AuditPusher(this.opts.auditSource);
    this.participants.push(this.auditPusher, this.caseDocuments);
    this.engine = new SyncEngine({
      queue: this.queue,
      client: this.client,
      participants: this.participants,
      ...(this.opts.now ? { now: this.opts.now } : {}),
    });
    for (const p of this.participants) p.joined?.();
    this.engine.on('status', () => this.opts.onStatus(this.status()));
    // Pulled changes (a claim elsewhere) must reach open case views even when the counts did not move.
    this.engine.on('changes', (changes) => {
      for (const c of changes)
        if (c.entity === 'operator' && (c.data as { disabled?: boolean }).disabled)
          this.opts.onOperatorDisabled?.(c.key);
      this.opts.onStatus(this.status());
    });
    this.engine.start();
  }

  async enrol(hubUrl: string, code: string): Promise<SyncIdentityView> {
    if (this.identity) throw new AlreadyEnrolled();
    const identity = await enrol(new URL(hubUrl).origin, code);
    await this.opts.identities.save(identity);
    this.connect(identity);
    return this.identityView();
  }

  status(): SyncStatusView {
    const s = this.engine?.status();
    const auditProblem = this.auditPusher?.problem ?? null;
    return {
      enrolled: this.engine !== null,
      online: s?.online ?? false,
      lastSyncAt: s?.lastSyncAt ?? null,
      pending: s?.pending ?? 0,
      // A chain the hub refused needs someone to look, like a refused mutation.
      attention: (s?.attention ?? 0) + (auditProblem ? 1 : 0),
      skewMs: s?.skewMs ?? null,
      skewWarnMs: SKEW_WARN_MS,
      auditProblem,
      backfill: this.queue ? backfillProgress(this.queue) : null,
    };
  }

  /** Signs an operator in against the hub (the cached verifier when it cannot be reached). */
  signIn(username: string, password: string): Promise<SignedIn> {
    if (!this.signIns) throw new NotEnrolled();
    return this.signIns.signIn(username, password);
  }

  /** The case documents this station holds under the custody rule; null while standalone. */
  get documents(): CaseDocuments | null {
    return this.caseDocuments;
  }

  identityView(): SyncIdentityView {
    const id = this.identity;
    return {
      enrolled: id !== null,
      hubUrl: id?.hubUrl ?? null,
      stationId: id?.stationId ?? null,
      name: id?.name ?? null,
      certificateFingerprint: id ? certificateFingerprint(id.certPem) : null,
      certificateValidTo: id ? certificateValidTo(id.certPem) : null,
      hubCaFingerprint: id ? certificateFingerprint(id.caPem) : null,
      keyProtection: this.opts.identities.description,
    };
  }

  mutations(): SyncMutationView[] {
    return (this.queue?.open() ?? []).map(mutationView);
  }

  mutation(id: string): QueuedMutation | null {
    return this.queue?.get(id) ?? null;
  }

  /** Tries a refused mutation again, a stale correction re-based (case-words.ts retryBasis). */
  retry(id: string): QueuedMutation {
    const { engine, queue } = this.linked();
    return engine.retry(id, retryBasis(queue, queue.get(id)));
  }

  discard(id: string): void {
    this.linked().engine.discard(id);
  }

  async syncNow(): Promise<SyncStatusView> {
    await this.engine?.syncNow().catch(() => undefined); // the status says offline, with the error
    return this.status();
  }

  enqueue(m: NewMutation): QueuedMutation {
    return this.linked().engine.enqueue(m);
  }

  /**
   * Something was written for the hub in the station store (the outbox): hand it over and push soon.
   * A failure here loses nothing — the row stays in the outbox for the next round.
   */
  wake(): void {
    if (!this.engine) return;
    try {
      this.engine.wake();
    } catch (error) {
      this.opts.onError('the station outbox could not be handed to the sync queue', error);
    }
  }

  /**
   * Pushes now and waits for the hub's answer to one mutation: while the reviewer waits for a
   * claim. Returns the mutation as it stands: accepted, refused, or still pending when the hub
   * could not be reached in time.
   */
  async answer(id: string): Promise<QueuedMutation> {
    const { engine, queue } = this.linked();
    const deadline = Date.now() + ANSWER_WAIT_MS;
    for (;;) {
      const reached = await engine.syncNow().then(
        () => true,
        () => false,
      );
      const m = queue.get(id)!;
      if (m.state !== 'pending' || !reached || Date.now() > deadline) return m;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  withdraw(id: string): void {
    this.linked().queue.withdraw(id);
    this.opts.onStatus(this.status());
  }

  state(key: string): string | null {
    return this.queue?.getState(key) ?? null;
  }

  setState(key: string, value: string): void {
    this.linked().queue.setState(key, value);
  }

  /** Work done in every round from now on (and in every round after a later enrolment). */
  participate(participant: SyncParticipant): void {
    this.participants.push(participant);
    if (this.engine) participant.joined?.();
  }

  /** Every pulled copy of one kind of hub state (empty on a standalone station). */
  mirrored<T>(entity: string): T[] {
    return this.queue?.mirrorAll<T>(entity) ?? [];
  }

  /** Whether a device mutation about this serial made here still waits for the hub's answer. */
  devicePending(serial: string): boolean {
    return this.queue?.pendingAboutSerial(DEVICE_STATUS_KINDS, serial) ?? false;
  }

  /** The hub's word on a unit as this station knows it; null on a standalone station. */
  deviceAtHub(serial: string): HubDeviceStanding | null {
    return this.queue ? hubDeviceStanding(this.queue, serial) : null;
  }

  /** The enrolled station's client (for participants that ask the hub outside a round). */
  hubClient(): HubClient {
    if (!this.client) throw new NotEnrolled();
    return this.client;
  }

  /** One read from the hub now (throws HubUnavailable when it cannot be reached). */
  hubGet<T>(path: string): Promise<T> {
    if (!this.client) throw new NotEnrolled();
    return this.client.get<T>(path);
  }

  /** Provisioning's check before binding: the hub asked fresh, the pulled copy when unreachable. */
  registryCheck(): HubRegistryCheck | null {
    return this.client && this.queue ? hubRegistryCheck(this.client, this.queue) : null;
  }

  /**
   * This station's own word on a case to the hub — its decisions and corrections not discarded,
   * newest first: what a correction answers, and what a pulled state must not overwrite.
   */
  caseWords(caseId: string): QueuedMutation[] {
    return this.queue?.aboutCase(CASE_WORD_KINDS, caseId) ?? [];
  }

  /** The cases of this station's decisions and corrections their authors gave up. */
  givenUpCases(): string[] {
    return this.queue?.givenUpCases(CASE_WORD_KINDS) ?? [];
  }

  hubCase(caseId: string): HubCase | null {
    return this.queue?.mirror<HubCase>('case', caseId) ?? null;
  }

  /** What the hub says of a case, for its view at this station. */
  caseView(caseId: string, stationId: string | null): SyncCaseView {
    const c = this.hubCase(caseId);
    const refused = this.queue?.latestRefused('review.decide', caseId) ?? null;
    const elsewhere =
      c?.holder && c.leaseUntil && Date.parse(c.leaseUntil) > Date.now() && c.holderStation !== stationId;
    return {
      known: c !== null,
      status: c?.status ?? null,
      heldElsewhere: elsewhere
        ? { operator: c.holder!, station: c.holderStationName ?? c.holderStation!, at: c.leaseUntil }
        : null,
      decided:
        c?.decidedBy && c.decidedStation
          ? { operator: c.decidedBy, station: c.decidedStationName ?? c.decidedStation, at: c.decidedAt }
          : null,
      refusedDecision: refused
        ? {
            mutationId: refused.id,
            operator: refused.operator,
            code: refused.code ?? '',
            message: refused.message ?? '',
            messageZh: refused.messageZh ?? refused.message ?? '',
          }
        : null,
    };
  }

  get stationId(): string | null {
    return this.identity?.stationId ?? null;
  }

  close(): void {
    this.engine?.stop();
    this.client?.close();
    this.queue?.close();
  }

  private linked(): { engine: SyncEngine; queue: SyncQueue } {
    if (!this.engine || !this.queue) throw new NotEnrolled();
    return { engine: this.engine, queue: this.queue };
  }
}

export class NotEnrolled extends Error {
  constructor() {
    super('This station is not enrolled with a hub.');
    this.name = 'NotEnrolled';
  }
}

export class AlreadyEnrolled extends Error {
  constructor() {
    super('This station is already enrolled with a hub.');
    this.name = 'AlreadyEnrolled';
  }
}

function mutationView(m: QueuedMutation): SyncMutationView {
  const p = (m.payload ?? {}) as { caseId?: unknown; serial?: unknown };
  const subject = typeof p.caseId === 'string' ? p.caseId : typeof p.serial === 'string' ? p.serial : null;
  return {
    id: m.id,
    kind: m.kind,
    operator: m.operator,
    subject,
    createdAt: m.createdAt,
    state: m.state === 'refused' ? 'refused' : 'pending',
    attempts: m.attempts,
    code: m.code,
    message: m.message,
    messageZh: m.messageZh,
  };
}
