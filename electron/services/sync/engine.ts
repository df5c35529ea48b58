import { EventEmitter } from 'node:events';
import { backoffMs } from './backoff';
import { atOrPast, helloHead } from './change-position';
import { HubUnavailable, type HubClient } from './hub-client';
import type { SyncParticipant } from './participant';
import type { HubAnswer, MirrorChange, NewMutation, QueuedMutation, SyncQueue } from './queue';

export interface SyncStatus {
  readonly online: boolean;
  readonly lastSyncAt: string | null;
  readonly pending: number;
  readonly attention: number;
  /** Hub clock minus station clock, from the last answer (ms); the UI warns past SKEW_WARN_MS. */
  readonly skewMs: number | null;
  readonly lastError: string | null;
}

export const SKEW_WARN_MS = 120_000;
/** Mutations per push request: the hub's limit (MAX_BATCH), so a backlog costs half the round trips of 100. */
const BATCH = 200;
const PULL_PAGE = 1000;
/**
 * The most a station waits, at random, before it pulls after the hub said "changed": the stations
 * told at one instant spread their pulls over this window instead of all arriving at once, and
 * notices that come while one waits are answered by the same pull. Small enough that, with the
 * hub's notification interval (DEFAULT_NOTIFY_MS), a claim or a freeze still shows at every online
 * station within a second (docs/scaling.md: the arithmetic, and the run that measured it).
 */
export const LIVE_DELAY_MS = 250;

/** The wait before pulling after a notice: uniform over 0…maxMs (whole ms), from `random` in [0, 1). */
export function liveDelay(random: () => number, maxMs: number): number {
  return Math.min(maxMs, Math.max(0, Math.floor(random() * (maxMs + 1))));
}

export interface SyncEngineOptions {
  readonly queue: SyncQueue;
  readonly client: HubClient;
  readonly now?: () => number;
  readonly random?: () => number;
  /**
   * Monotonic milliseconds for timing rounds (performance.now unless told): not `now`, which a
   * station may set to another day.
   */
  readonly clock?: () => number;
  /** A round also runs on this timer when nothing else asks for one (the live channel may be down). */
  readonly idleMs?: number;
  /** The most a station waits at random before pulling after a live notice; LIVE_DELAY_MS unless told. */
  readonly liveDelayMs?: number;
  /** Work done in every round: pushing the audit chain, fetching and dropping case documents. */
  readonly participants?: readonly SyncParticipant[];
}

export interface RoundResult {
  readonly pushed: number;
  readonly accepted: number;
  readonly refused: number;
  readonly pulled: number;
}

interface Events {
  status: [SyncStatus];
  changes: [readonly MirrorChange[]];
  refused: [QueuedMutation];
}

/**
 * The station's sync engine. A round pushes every pending mutation (oldest first, in batches) and
 * records each answer — a refused one goes to the attention list and the round goes on — then
 * pulls until the hub has nothing more. Any transport failure ends the round with everything it
 * had not recorded still pending; the next round sends the same mutation ids, which the hub answers
 * from what it stored, so nothing is lost and nothing applies twice.
 */
export class SyncEngine extends EventEmitter<Events> {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly clock: () => number;
  private online = false;
  private lastSyncAt: string | null = null;
  private skewMs: number | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private running: Promise<RoundResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** When the scheduled round is due (this.clock()): a live notice never puts it off. */
  private dueAt = Infinity;
  private stopLive: (() => void) | null = null;
  private started = false;
  /** Times the live stream has opened (the hub's `hello`). */
  private hellos = 0;
  /**
   * The head the open stream's hello gave, until the station is known to have pulled that far: the
   * stream is told of changes past it only. Pulled when the cursor reaches it, or when a pull asked
   * for its last page after the hello came (the hub counted the stream in before it said hello).
   */
  private unpulledHead: string | null = null;

  constructor(private readonly opts: SyncEngineOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? (() => performance.now());
    this.lastSyncAt = opts.queue.getState('lastSyncAt');
  }

  enqueue(m: NewMutation): QueuedMutation {
    const queued = this.opts.queue.enqueue(m);
    this.emitStatus();
    this.kick();
    return queued;
  }

  retry(id: string, basis?: QueuedMutation['basis']): QueuedMutation {
    const queued = this.opts.queue.retry(id, basis);
    this.emitStatus();
    this.kick();
    return queued;
  }

  /**
   * Something was written for the hub outside the queue (the station outbox): it is handed over now,
   * so the counts show it, and a round goes soon.
   */
  wake(): void {
    this.fill();
    this.emitStatus();
    this.kick();
  }

  discard(id: string): void {
    this.opts.queue.discard(id);
    const given = this.opts.queue.get(id)!;
    for (const p of this.opts.participants ?? []) p.discarded?.(given);
    this.emitStatus();
  }

  status(): SyncStatus {
    return {
      online: this.online,
      lastSyncAt: this.lastSyncAt,
      ...this.opts.queue.counts(),
      skewMs: this.skewMs,
      lastError: this.lastError,
    };
  }

  /** One round now (or join the one running). Rejects with HubUnavailable when the hub could not be reached. */
  syncNow(): Promise<RoundResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs rounds in the background: on enqueue, when the hub says so, on a timer, with backoff after failures. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.openLive();
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
    this.stopLive?.();
    this.stopLive = null;
  }

  private kick(): void {
    if (this.started && this.failures === 0) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = this.clock() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = Infinity;
      this.syncNow()
        .then(() => {
          if (this.again) this.schedule(0);
          // A timer set during the round (a notice, a reconnection) is sooner than the idle one: it stays.
          else if (!this.timer) this.schedule(this.opts.idleMs ?? 30_000);
        })
        .catch(() => this.schedule(backoffMs(this.failures, this.random)))
        .finally(() => {
          this.again = false;
        });
    }, ms);
  }

  /**
   * The hub said changes wait for this station: a round after a random delay (liveDelay), unless one
   * is due by then already — that one pulls them too, so a burst of notices costs one pull.
   */
  private told(): void {
    if (this.failures === 0) this.pullSoon();
  }

  /**
   * The live stream (re)opened: changes made while it was down, which the hub had looked past before
   * it counted this stream in, are never told — unless the station has pulled as far as the hello's
   * head, a pull gets them, after the same random wait as a notice (a hub restart reconnects every
   * station at once). Even after failed rounds: the hub just answered. A round under way looks when
   * it ends (round): its pull may reach the head, as the start-up round's does on the first connection.
   */
  private connected(data: string): void {
    this.hellos++;
    this.unpulledHead = helloHead(data);
    if (!this.running && !this.pulledLiveHead()) this.pullSoon();
  }

  /** Whether the station has everything the open stream will not be told of (unpulledHead). */
  private pulledLiveHead(): boolean {
    if (this.unpulledHead !== null && atOrPast(this.opts.queue.cursor(), this.unpulledHead))
      this.unpulledHead = null;
    return this.unpulledHead === null;
  }

  /** A round after liveDelay, unless one is due by then already (it pulls as well). */
  private pullSoon(): void {
    if (!this.started) return;
    const delay = liveDelay(this.random, this.opts.liveDelayMs ?? LIVE_DELAY_MS);
    if (this.timer && this.dueAt <= this.clock() + delay) return;
    this.schedule(delay);
  }

  private openLive(): void {
    if (!this.started) return;
    this.stopLive = this.opts.client.events(
      (event, data) => {
        if (event === 'changed') this.told();
        else if (event === 'hello') this.connected(data);
      },
      () => {
        // The stream ended (hub restarted, network gone): reopen after a jittered pause.
        this.stopLive = null;
        if (this.started)
          setTimeout(() => this.openLive(), backoffMs(Math.max(1, this.failures), this.random));
      },
    );
  }

  /**
   * The push half of a round: the participants fill the queue (the station outbox, the backfill of
   * what the station held before enrolment), then every pending mutation is sent. The CLI calls it
   * alone, to have the hub's answer to a change it just made.
   */
  async push(): Promise<Omit<RoundResult, 'pulled'>> {
    this.fill();
    return this.pushAll();
  }

  private fill(): void {
    for (const p of this.opts.participants ?? []) p.beforePush?.(this.opts.queue);
  }

  private async round(): Promise<RoundResult> {
    try {
      const pushed = await this.push();
      for (const p of this.opts.participants ?? []) await p.afterPush?.(this.opts.client, this.opts.queue);
      const result = { ...pushed, pulled: await this.pullAll() };
      // The stream opened during this round, which may not have pulled what it will not be told of.
      if (!this.pulledLiveHead()) this.pullSoon();
      this.online = true;
      this.failures = 0;
      this.lastError = null;
      this.lastSyncAt = new Date(this.now()).toISOString();
      this.opts.queue.setState('lastSyncAt', this.lastSyncAt);
      this.emitStatus();
      return result;
    } catch (error) {
      this.failures++;
      this.online = !(error instanceof HubUnavailable);
      this.lastError = error instanceof Error ? error.message : String(error);
      this.emitStatus();
      throw error;
    }
  }

  private async pushAll(): Promise<Omit<RoundResult, 'pulled'>> {
    let pushed = 0;
    let accepted = 0;
    let refused = 0;
    const skipped = new Set<string>();
    for (;;) {
      const batch = this.opts.queue
        .pending(BATCH + skipped.size)
        .filter((m) => !skipped.has(m.id))
        .slice(0, BATCH);
      if (batch.length === 0) break;
      this.opts.queue.markAttempted(batch.map((m) => m.id));
      const sentAt = this.now();
      const answer = await this.opts.client.post<{ hubTime: string; results: HubAnswer[] }>('/v1/push', {
        mutations: batch.map((m) => ({
          id: m.id,
          kind: m.kind,
          operator: m.operator,
          basis: m.basis,
          payload: m.payload,
          createdAt: m.createdAt,
        })),
      });
      this.noteHubTime(answer.hubTime, sentAt);
      this.opts.queue.recordAnswers(answer.results);
      pushed += batch.length;
      for (const a of answer.results) {
        if (a.status === 'accepted') accepted++;
        else if (a.status === 'refused') {
          refused++;
          const m = this.opts.queue.get(a.id);
          if (m) this.emit('refused', m);
        } else skipped.add(a.id); // "retry": stays pending for the next round, not this one
      }
      if (skipped.size > 0 && answer.results.every((a) => a.status === 'retry')) break;
    }
    return { pushed, accepted, refused };
  }

  private async pullAll(): Promise<number> {
    let pulled = 0;
    for (;;) {
      const hellos = this.hellos;
      const sentAt = this.now();
      const cursor = this.opts.queue.cursor();
      const page = await this.opts.client.get<{
        hubTime: string;
        changes: MirrorChange[];
        cursor: string;
        more: boolean;
      }>(`/v1/pull?cursor=${encodeURIComponent(cursor)}&limit=${PULL_PAGE}`);
      this.noteHubTime(page.hubTime, sentAt);
      const moved = this.opts.queue.applyPage(page.changes, page.cursor);
      pulled += page.changes.length;
      if (moved.length > 0) {
        for (const p of this.opts.participants ?? []) await p.afterPull?.(this.opts.client, moved);
        this.emit('changes', moved);
      }
      if (!page.more) {
        if (hellos === this.hellos) this.unpulledHead = null;
        return pulled;
      }
    }
  }

  private noteHubTime(hubTime: string, sentAt: number): void {
    const received = this.now();
    this.skewMs = Date.parse(hubTime) - (sentAt + received) / 2;
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }
}
