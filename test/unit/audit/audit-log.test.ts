import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/store/database';
import {
  createAuditLog,
  AuditIntegrityError,
  type AuditLog,
} from '../../../electron/services/audit/audit-log';
import { GENESIS_HASH } from '../../../electron/services/audit/chain';
import { fakeClock, openTestStore } from './fixtures';

let db: Db;
let audit: AuditLog;

function appendMany(n: number): void {
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      audit.append({
        actor: 'alice',
        action: 'case.claimed',
        subject: `application:A${i}`,
        details: { n: i },
      });
    }
  })();
}

/** What an attacker holding the database file can do: drop the guards, then rewrite. */
function asAttacker(sql: string, ...params: unknown[]): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare(sql).run(...params);
}

beforeEach(() => {
  db = openTestStore();
  audit = createAuditLog(db, fakeClock());
});
afterEach(() => db.close());

describe('audit log: appending', () => {
  it('chains each record to the previous one and keeps the head anchor', () => {
    appendMany(3);
    const records = audit.read();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    const rows = db.prepare('SELECT prev_hash, hash FROM audit_log ORDER BY seq').all() as {
      prev_hash: string;
      hash: string;
    }[];
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    const anchor = JSON.parse(
      db.prepare("SELECT value FROM station_settings WHERE key = 'audit.head'").pluck().get() as string,
    ) as { count: number; hash: string; keyedFrom: number; mac: string };
    expect(anchor).toMatchObject({ count: 3, hash: rows[2]!.hash, keyedFrom: 1 });
    expect(anchor.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(records[0]!.at).toBe('2026-03-02T09:00:00.000+08:00');
    expect(audit.verify()).toEqual({ ok: true, count: 3 });
  });

  it('verifies an empty log', () => {
    expect(audit.verify()).toEqual({ ok: true, count: 0 });
  });

  it('refuses to append outside a transaction', () => {
    expect(() => audit.append({ actor: 'alice', action: 'case.claimed' })).toThrow(/inside the transaction/);
    expect(audit.read()).toEqual([]);
  });

  it('commits nothing when the surrounding transaction rolls back', () => {
    appendMany(1);
    expect(() =>
      db.transaction(() => {
        audit.append({ actor: 'alice', action: 'case.approved', subject: 'application:A1' });
        throw new Error('the state change failed');
      })(),
    ).toThrow('the state change failed');
    expect(audit.read()).toHaveLength(1);
    expect(audit.verify()).toEqual({ ok: true, count: 1 });
    appendMany(1);
    expect(audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('refuses secrets and unmasked ID or card numbers in the record', () => {
    const tryAppend = (entry: Parameters<AuditLog['append']>[0]) =>
      db.transaction(() => audit.append(entry))();
    expect(() =>
      tryAppend({ actor: 'a', action: 'x.y', details: { newPassword: 'hunter2hunter2' } }),
    ).toThrow(/details\.newPassword looks like a secret/);
    expect(() =>
      tryAppend({ actor: 'a', action: 'x.y', details: { nested: { sessionToken: 'abc' } } }),
    ).toThrow(/secret/);
    expect(() => tryAppend({ actor: 'a', action: 'x.y', details: { id: '11010519491231002X' } })).toThrow(
      /unmasked ID or card/,
    );
    expect(() => tryAppend({ actor: 'a', action: 'x.y', subject: 'card:6222021234567890123' })).toThrow(
      /subject holds what looks like an unmasked/,
    );
    expect(() => tryAppend({ actor: 'a', action: 'Not A Verb' })).toThrow(/dotted lower-case/);
    tryAppend({
      actor: 'a',
      action: 'case.viewed',
      details: { card: '6222********0123', id: '110105********002X' },
    });
    expect(audit.read()).toHaveLength(1);
  });

  it('refuses to continue a log whose head anchor was removed', () => {
    appendMany(2);
    db.exec('DROP TRIGGER audit_head_no_delete');
    db.prepare("DELETE FROM station_settings WHERE key = 'audit.head'").run();
    expect(() => appendMany(1)).toThrow(AuditIntegrityError);
    expect(audit.verify()).toMatchObject({ ok: false, problem: 'anchor_missing' });
  });
});

describe('audit log: the store refuses changes', () => {
  beforeEach(() => appendMany(3));

  it('refuses UPDATE', () => {
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
  });

  it('refuses DELETE', () => {
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('refuses removing the head anchor', () => {
    expect(() => db.prepare("DELETE FROM station_settings WHERE key = 'audit.head'").run()).toThrow(/anchor/);
  });
});

describe('audit log: verify finds tampering', () => {
  beforeEach(() => appendMany(6));

  it('an edited record', () => {
    asAttacker('UPDATE audit_log SET details = ? WHERE seq = 4', '{"n":40}');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'edited' });
  });

  it('an edited record whose hash was recomputed (the next link breaks)', async () => {
    const { recordHash } = await import('../../../electron/services/audit/chain');
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Parameters<typeof recordHash>[0];
    const forged = { ...row, actor: 'mallory' };
    asAttacker('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 3', 'mallory', recordHash(forged));
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('a removed record', () => {
    asAttacker('DELETE FROM audit_log WHERE seq = 3');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'removed' });
  });

  it('the first record removed', () => {
    asAttacker('DELETE FROM audit_log WHERE seq = 1');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'removed' });
  });

  it('a removed record with the rest renumbered', () => {
    asAttacker('DELETE FROM audit_log WHERE seq = 2');
    asAttacker('UPDATE audit_log SET seq = seq - 1 WHERE seq > 2');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'removed' });
  });

  it('two records swapped', () => {
    asAttacker('UPDATE audit_log SET seq = 100 WHERE seq = 2');
    asAttacker('UPDATE audit_log SET seq = 2 WHERE seq = 5');
    asAttacker('UPDATE audit_log SET seq = 5 WHERE seq = 100');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'reordered' });
  });

  it('two neighbours swapped', () => {
    asAttacker('UPDATE audit_log SET seq = 100 WHERE seq = 4');
    asAttacker('UPDATE audit_log SET seq = 4 WHERE seq = 5');
    asAttacker('UPDATE audit_log SET seq = 5 WHERE seq = 100');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'reordered' });
  });

  it('a truncated tail', () => {
    asAttacker('DELETE FROM audit_log WHERE seq >= 5');
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'truncated' });
  });

  it('a truncated tail even after a new record was appended behind it', () => {
    asAttacker('DELETE FROM audit_log WHERE seq >= 5');
    appendMany(1);
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'removed' });
  });

  it('a record appended by hand behind the station', async () => {
    const { recordHash } = await import('../../../electron/services/audit/chain');
    const last = db.prepare('SELECT hash FROM audit_log WHERE seq = 6').pluck().get() as string;
    const forged = {
      seq: 7,
      at: '2026-03-02T09:00:00.000+08:00',
      actor: 'mallory',
      action: 'case.approved',
      subject: 'application:A9',
      details: '{}',
      prev_hash: last,
    };
    db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(...Object.values(forged), recordHash(forged));
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 7, problem: 'inserted' });
  });

  it("an anchor that names another head, without the station's seal", () => {
    db.prepare("UPDATE station_settings SET value = ? WHERE key = 'audit.head'").run(
      JSON.stringify({ count: 6, hash: 'f'.repeat(64) }),
    );
    expect(audit.verify()).toMatchObject({ ok: false, firstBadSeq: 7, problem: 'anchor_forged' });
  });
});
