import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export type MutationState = 'pending' | 'refused' | 'accepted' | 'discarded';

export interface NewMutation {
  /**
   * A mutation id fixed by its maker (a station outbox row, a provisioning run): queueing it again
   * is a no-op, so a hand-over repeated after a crash never makes a second mutation.
   */
  readonly id?: string;
  readonly kind: string;
  readonly operator: string;
  readonly payload: unknown;
  readonly basis?: { readonly token?: number } | null;
}

export interface QueuedMutation {
  readonly id: string;
  readonly kind: string;
  readonly operator: string;
  readonly payload: unknown;
  readonly basis: { readonly token?: number } | null;
  readonly createdAt: string;
  readonly state: MutationState;
  readonly attempts: number;
  readonly code: string | null;
  readonly message: string | null;
  readonly messageZh: string | null;
  readonly result: unknown;
}

interface Row {
  id: string;
  kind: string;
  operator: string;
  payload: string;
  basis: string | null;
  created_at: string;
  state: MutationState;
  attempts: number;
  code: string | null;
  message: string | null;
  message_zh: string | null;
  result: string | null;
}

export interface MirrorChange {
  readonly entity: string;
  readonly key: string;
  readonly data: unknown;
  /**
   * The change row's place in the hub's sequence. For one entity it is the order its writers held
   * its row (docs/sync.md §5), which the pull's transaction order need not be: the mirror keeps the
   * state with the highest. Absent from a hub that does not send it: then the last pulled wins.
   */
  readonly seq?: string;
}

const SCHEMA_VERSION = 4;

/** Runs inside a pulled page's transaction: a participant's own tables move with the mirror. */
export type PageApplier = (db: Database.Database, change: MirrorChange) => void;

/**
 * The station's side of sync, in its own SQLite file (sync.sqlite, WAL): mutations waiting for the
 * hub, the attention list (refused ones, kept until their author retries or discards them), the
 * pull cursor and the mirror of hub state. A write here is durable before the hub ever hears of it.
 */
export class SyncQueue {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(`${file}: made by a newer station (sync schema ${version})`);
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE sync_mutations (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          operator TEXT NOT NULL,
          payload TEXT NOT NULL,
          basis TEXT,
          created_at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'refused', 'accepted', 'discarded')),
          attempts INTEGER NOT NULL DEFAULT 0,
          code TEXT, message TEXT, message_zh TEXT, result TEXT, answered_at TEXT
        );
        CREATE INDEX sync_mutations_state ON sync_mutations (state, seq);
        CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sync_mirror (entity TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (entity, key));
        PRAGMA user_version = 1;
      `);
    }
    if (version < 2) {
      // Offline sign-in verifiers (electron/services/sync/operator-signin.ts) and the case
      // documents this station may hold (electron/services/sync/case-documents.ts).
      this.db.exec(`
        CREATE TABLE sync_operators (
          username TEXT PRIMARY KEY,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL,
          verifier TEXT NOT NULL,
          last_online_at TEXT NOT NULL
        );
        CREATE TABLE sync_documents (
          case_id TEXT NOT NULL,
          doc_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          sealed BLOB NOT NULL,
          key_sealed BLOB NOT NULL,
          uploaded INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (case_id, doc_id)
        );
        CREATE TABLE sync_document_fetch (case_id TEXT PRIMARY KEY);
        PRAGMA user_version = 2;
      `);
    }
    if (version < 3) {
      // What the station held before it enrolled, pushed once (electron/services/sync/run-backfill.ts).
      this.db.exec(`
        CREATE TABLE sync_run_backfill (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          item TEXT NOT NULL UNIQUE,
          mutation_ids TEXT,
          queued_at TEXT
        );
        PRAGMA user_version = 3;
      `);
    }
    if (version < 4) {
      // The hub sequence number of each mirrored state (MirrorChange.seq).
      this.db.exec(`
        ALTER TABLE sync_mirror ADD COLUMN seq INTEGER;
        PRAGMA user_version = 4;
      `);
    }
  }

  private readonly appliers = new Map<string, PageApplier[]>();

  /** Adds work to every pulled page for one entity, in the page's transaction. */
  onApply(entity: string, applier: PageApplier): void {
    this.appliers.set(entity, [...(this.appliers.get(entity) ?? []), applier]);
  }

  /** The sync file, for the sync participants that keep their own tables in it. */
  get sqlite(): Database.Database {
    return this.db;
  }

  /** Queues a mutation; one with a fixed id already queued (in any state) is returned as it stands. */
  enqueue(m: NewMutation): QueuedMutation {
    const id = m.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO sync_mutations (id, kind, operator, payload, basis, created_at, state)
         VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        id,
        m.kind,
        m.operator,
        JSON.stringify(m.payload ?? {}),
        m.basis ? JSON.stringify(m.basis) : null,
        new Date(this.now()).toISOString(),
      );
    return this.get(id)!;
  }

  get(id: string): QueuedMutation | null {
    const row = this.db.prepare('SELECT * FROM sync_mutations WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Oldest first: the order the station made them. */
  pending(limit: number): QueuedMutation[] {
    return (
      this.db
        .prepare("SELECT * FROM sync_mutations WHERE state = 'pending' ORDER BY seq LIMIT ?")
        .all(limit) as Row[]
    ).map(fromRow);
  }

  attention(): QueuedMutation[] {
    return (
      this.db.prepare("SELECT * FROM sync_mutations WHERE state = 'refused' ORDER BY seq").all() as Row[]
    ).map(fromRow);
  }

  counts(): { pending: number; attention: number } {
    const row = this.db
      .prepare(
        "SELECT sum(state = 'pending') AS pending, sum(state = 'refused') AS attention FROM sync_mutations",
      )
      .get() as { pending: number | null; attention: number | null };
    return { pending: row.pending ?? 0, attention: row.attention ?? 0 };
  }

  markAttempted(ids: readonly string[]): void {
    const stmt = this.db.prepare('UPDATE sync_mutations SET attempts = attempts + 1 WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => stmt.run(id)))();
  }

  /** Records the hub's answers in one transaction; a `retry` answer leaves the mutation pending. */
  recordAnswers(answers: readonly HubAnswer[]): void {
    const accept = this.db.prepare(
      "UPDATE sync_mutations SET state = 'accepted', result = ?, answered_at = ? WHERE id = ? AND state = 'pending'",
    );
    const refuse = this.db.prepare(
      "UPDATE sync_mutations SET state = 'refused', code = ?, message = ?, message_zh = ?, answered_at = ? WHERE id = ? AND state = 'pending'",
    );
    const at = new Date(this.now()).toISOString();
    this.db.transaction(() => {
      for (const a of answers) {
        if (a.status === 'accepted') accept.run(JSON.stringify(a.result ?? null), at, a.id);
        else if (a.status === 'refused') refuse.run(a.code, a.message, a.messageZh, at, a.id);
      }
    })();
  }

  /**
   * Tries a refused mutation again. The hub answers one mutation id always the same, so the retry
   * is a new mutation (new id, same content) and the refused one is closed as discarded. `basis`
   * replaces the old one when the retry answers a newer truth (a correction re-based, station-sync.ts).
   */
  retry(id: string, basis?: { readonly token?: number } | null): QueuedMutation {
    const old = this.get(id);
    if (!old || old.state !== 'refused') throw new Error(`mutation ${id} is not in the attention list`);
    return this.db.transaction(() => {
      this.db.prepare("UPDATE sync_mutations SET state = 'discarded' WHERE id = ?").run(id);
      return this.enqueue({
        kind: old.kind,
        operator: old.operator,
        payload: old.payload,
        basis: basis === undefined ? old.basis : basis,
      });
    })();
  }

  /** The author gives a refused mutation up: it leaves the attention list, kept as discarded. */
  discard(id: string): void {
    const r = this.db
      .prepare("UPDATE sync_mutations SET state = 'discarded' WHERE id = ? AND state = 'refused'")
      .run(id);
    if (r.changes === 0) throw new Error(`mutation ${id} is not in the attention list`);
  }

  /**
   * Takes back a mutation the hub never answered, when its author is told at once that it was not
   * made (a claim asked while the hub is unreachable): it must not be granted later behind their back.
   */
  withdraw(id: string): void {
    const r = this.db
      .prepare(
        "UPDATE sync_mutations SET state = 'discarded', code = 'WITHDRAWN' WHERE id = ? AND state = 'pending'",
      )
      .run(id);
    if (r.changes === 0) throw new Error(`mutation ${id} is not pending`);
  }

  /** Pending and refused mutations, oldest first: what the Sync panel lists. */
  open(): QueuedMutation[] {
    return (
      this.db
        .prepare("SELECT * FROM sync_mutations WHERE state IN ('pending', 'refused') ORDER BY seq")
        .all() as Row[]
    ).map(fromRow);
  }

  /** Whether a mutation of one of these kinds about this serial still waits for the hub's answer. */
  pendingAboutSerial(kinds: readonly string[], serial: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM sync_mutations
            WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?))
              AND json_extract(payload, '$.serial') = ? LIMIT 1`,
        )
        .get(JSON.stringify(kinds), serial) !== undefined
    );
  }

  /** The newest mutation of this kind about this case that the hub refused (in the attention list or discarded since). */
  latestRefused(kind: string, caseId: string): QueuedMutation | null {
    const row = this.db
      .prepare(
        `SELECT * FROM sync_mutations
          WHERE kind = ? AND json_extract(payload, '$.caseId') = ? AND answered_at IS NOT NULL
          ORDER BY seq DESC LIMIT 1`,
      )
      .get(kind, caseId) as Row | undefined;
    // A later one the hub accepted (a retry) means the refusal no longer stands.
    return row && row.state !== 'accepted' && row.code !== null ? fromRow(row) : null;
  }

  /**
   * This station's own mutations of these kinds about one case that still stand — waiting for the
   * hub, answered, or refused and waiting for their author (not discarded) — newest first.
   */
  aboutCase(kinds: readonly string[], caseId: string): QueuedMutation[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM sync_mutations
            WHERE kind IN (SELECT value FROM json_each(?)) AND json_extract(payload, '$.caseId') = ?
              AND state <> 'discarded'
            ORDER BY seq DESC`,
        )
        .all(JSON.stringify(kinds), caseId) as Row[]
    ).map(fromRow);
  }

  /** The cases of this station's own mutations of these kinds that their authors gave up (discarded). */
  givenUpCases(kinds: readonly string[]): string[] {
    return this.db
      .prepare(
        `SELECT DISTINCT json_extract(payload, '$.caseId') FROM sync_mutations
          WHERE state = 'discarded' AND kind IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(JSON.stringify(kinds)) as string[];
  }

  cursor(): string {
    const row = this.db.prepare("SELECT value FROM sync_state WHERE key = 'cursor'").get() as
      { value: string } | undefined;
    return row?.value ?? '0:0';
  }

  /**
   * A pulled page and its cursor in one transaction: a crash between them cannot skip or half-apply.
   * Returns the changes that moved the mirror: one older than the state held (a lower `seq`) is
   * passed over, and so are its appliers.
   */
  applyPage(changes: readonly MirrorChange[], cursor: string): MirrorChange[] {
    const put = this.db.prepare(
      `INSERT INTO sync_mirror (entity, key, data, seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (entity, key) DO UPDATE SET data = excluded.data, seq = excluded.seq
        WHERE excluded.seq IS NULL OR sync_mirror.seq IS NULL OR excluded.seq > sync_mirror.seq`,
    );
    const moved: MirrorChange[] = [];
    this.db.transaction(() => {
      for (const c of changes) {
        const seq = c.seq === undefined ? null : BigInt(c.seq);
        if (put.run(c.entity, c.key, JSON.stringify(c.data), seq).changes === 0) continue;
        for (const apply of this.appliers.get(c.entity) ?? []) apply(this.db, c);
        moved.push(c);
      }
      this.db
        .prepare(
          "INSERT INTO sync_state (key, value) VALUES ('cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(cursor);
    })();
    return moved;
  }

  mirror<T = unknown>(entity: string, key: string): T | null {
    const row = this.db
      .prepare('SELECT data FROM sync_mirror WHERE entity = ? AND key = ?')
      .get(entity, key) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : null;
  }

  mirrorAll<T = unknown>(entity: string): T[] {
    return (
      this.db.prepare('SELECT data FROM sync_mirror WHERE entity = ? ORDER BY key').all(entity) as {
        data: string;
      }[]
    ).map((r) => JSON.parse(r.data) as T);
  }

  setState(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  getState(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  close(): void {
    this.db.close();
  }
}

export type HubAnswer =
  | { readonly id: string; readonly status: 'accepted'; readonly result?: unknown }
  | {
      readonly id: string;
      readonly status: 'refused';
      readonly code: string;
      readonly message: string;
      readonly messageZh: string;
    }
  | { readonly id: string; readonly status: 'retry'; readonly code?: string; readonly message?: string };

function fromRow(r: Row): QueuedMutation {
  return {
    id: r.id,
    kind: r.kind,
    operator: r.operator,
    payload: JSON.parse(r.payload) as unknown,
    basis: r.basis ? (JSON.parse(r.basis) as { token?: number }) : null,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    code: r.code,
    message: r.message,
    messageZh: r.message_zh,
    result: r.result ? (JSON.parse(r.result) as unknown) : null,
  };
}
