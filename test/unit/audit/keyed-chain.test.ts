import { createHmac, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAuditCommands } from '../../../electron/cli/audit';
import { withStore } from '../../../electron/cli/store-handle';
import {
  AuditIntegrityError,
  createAuditLog,
  ensureKeyedChain,
} from '../../../electron/services/audit/audit-log';
import { GENESIS_HASH, recordHash, type AuditRow } from '../../../electron/services/audit/chain';
import type { Db } from '../../../electron/store/database';
import { cliHarness, type CliHarness } from './cli-fixtures';
import { fakeClock } from './fixtures';

/*
 * What someone who can edit station.sqlite (but does not hold the key in keys/) can do to the log,
 * each found by `pos-station audit verify`, which exits 1 and names the first bad record.
 */

let cli: CliHarness;
const clock = fakeClock();

function append(db: Db, n: number, from = 1): void {
  const audit = createAuditLog(db, clock);
  db.transaction(() => {
    for (let i = from; i < from + n; i++) {
      clock.advance(1000);
      audit.append({ actor: 'rita', action: 'case.claimed', subject: `application:A${i}` });
    }
  })();
}

/** Drops the engine's guards, as anyone holding the file can. */
function attacker(db: Db): void {
  db.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_head_no_delete;',
  );
}

function rows(db: Db): AuditRow[] {
  return db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
}

function setHead(db: Db, value: object): void {
  db.prepare("UPDATE station_settings SET value = ? WHERE key = 'audit.head'").run(JSON.stringify(value));
}

function headValue(db: Db): string {
  return db.prepare("SELECT value FROM station_settings WHERE key = 'audit.head'").pluck().get() as string;
}

/** A head as the station writes it, sealed under a key the attacker had to guess. */
function guessedSeal(count: number, hash: string) {
  const mac = createHmac('sha256', randomBytes(32))
    .update(JSON.stringify(['pos-station.audit.head.v2', count, hash, 1]))
    .digest('hex');
  return { count, hash, keyedFrom: 1, mac };
}

async function verify(): Promise<{ ok: boolean; firstBadSeq?: number; problem?: string }> {
  cli.io.stdout = '';
  cli.io.stderr = '';
  cli.io.exitCode = undefined;
  await cli.run(registerAuditCommands, 'audit', 'verify', '--json');
  return JSON.parse(cli.io.stdout) as { ok: boolean; firstBadSeq?: number; problem?: string };
}

beforeEach(async () => {
  cli = cliHarness();
  await withStore(cli.openStore, (db) => {
    ensureKeyedChain(db, clock);
    append(db, 8);
  });
});
afterEach(() => cli.cleanup());

describe('keyed audit chain', () => {
  it('an intact log verifies, and the words say so', async () => {
    await cli.run(registerAuditCommands, 'audit', 'verify');
    expect(cli.io.stdout).toBe('Audit log intact: 8 records.\n');
    expect(cli.io.exitCode).toBeUndefined();
  });

  it('a tail cut with the head pointed at the new last record', async () => {
    await withStore(cli.openStore, (db) => {
      attacker(db);
      db.prepare('DELETE FROM audit_log WHERE seq > 5').run();
      const last = rows(db).at(-1)!;
      setHead(db, guessedSeal(5, last.hash));
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'anchor_forged' });
    expect(cli.io.exitCode).toBe(1);
  });

  it('a tail cut with the old-style unkeyed head the station used to accept', async () => {
    await withStore(cli.openStore, (db) => {
      attacker(db);
      db.prepare('DELETE FROM audit_log WHERE seq > 5').run();
      setHead(db, { count: 5, hash: rows(db).at(-1)!.hash });
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'anchor_forged' });
    await cli.run(registerAuditCommands, 'audit', 'verify');
    expect(cli.io.stderr).toMatch(/^Audit log TAMPERED at record 6 \(anchor_forged\): .*seal/);
  });

  it('a tail cut with the genuine head from an earlier copy put back', async () => {
    let earlier = '';
    await withStore(cli.openStore, (db) => {
      earlier = headValue(db);
      append(db, 4, 9);
      ensureKeyedChain(db, clock); // a start of the station sees the 12-record head
      attacker(db);
      db.prepare('DELETE FROM audit_log WHERE seq > 8').run();
      db.prepare("UPDATE station_settings SET value = ? WHERE key = 'audit.head'").run(earlier);
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 9, problem: 'truncated' });
  });

  it('a rewrite with the whole chain recomputed from the edited record on', async () => {
    await withStore(cli.openStore, (db) => {
      attacker(db);
      let prev = GENESIS_HASH;
      for (const row of rows(db)) {
        const changed = { ...row, prev_hash: prev, actor: row.seq === 3 ? 'mallory' : row.actor };
        const hash = row.seq < 3 ? row.hash : recordHash(changed);
        db.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
          changed.actor,
          changed.prev_hash,
          hash,
          row.seq,
        );
        prev = hash;
      }
      setHead(db, { count: 8, hash: prev });
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('a swapped head: the seal of one head on another', async () => {
    await withStore(cli.openStore, (db) => {
      const genuine = JSON.parse(headValue(db)) as { mac: string };
      attacker(db);
      setHead(db, { count: 7, hash: rows(db)[6]!.hash, keyedFrom: 1, mac: genuine.mac });
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 8, problem: 'anchor_forged' });
  });

  it('the station refuses to append after a head it did not write, so it never seals a cut', async () => {
    await withStore(cli.openStore, (db) => {
      attacker(db);
      db.prepare('DELETE FROM audit_log WHERE seq > 5').run();
      setHead(db, guessedSeal(5, rows(db).at(-1)!.hash));
      expect(() => append(db, 1, 20)).toThrow(AuditIntegrityError);
    });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('the note beside the key is private to the station user', async () => {
    const mode = statSync(join(cli.dataDir, 'keys', 'audit-chain.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

describe('a store written before the chain was keyed', () => {
  /** Records and head exactly as the previous version wrote them: plain SHA-256, no seal. */
  function writeLegacy(db: Db, n: number): void {
    attacker(db);
    db.prepare('DELETE FROM audit_log').run();
    db.prepare("DELETE FROM station_settings WHERE key = 'audit.head'").run();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const row = {
        seq,
        at: `2025-01-0${seq}T10:00:00.000+08:00`,
        actor: 'admin',
        action: 'operator.created',
        subject: `operator:u${seq}`,
        details: '{}',
        prev_hash: prev,
      };
      const hash = recordHash(row);
      db.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(...Object.values(row), hash);
      prev = hash;
    }
    db.prepare("INSERT INTO station_settings (key, value) VALUES ('audit.head', ?)").run(
      JSON.stringify({ count: n, hash: prev }),
    );
  }

  let legacy: CliHarness;
  beforeEach(() => {
    legacy = cliHarness();
  });
  afterEach(() => legacy.cleanup());

  it('is keyed once at start, with an audit record, and stays verifiable', async () => {
    await withStore(legacy.openStore, (db) => {
      writeLegacy(db, 4);
      ensureKeyedChain(db, clock);
      ensureKeyedChain(db, clock);
      const all = createAuditLog(db, clock).read();
      expect(all.map((r) => r.action)).toEqual([
        'operator.created',
        'operator.created',
        'operator.created',
        'operator.created',
        'audit.chain_keyed',
      ]);
      expect(all[4]!.details).toEqual({ keyedFrom: 5, unkeyedRecords: 4, unkeyedChain: 'intact' });
      expect(createAuditLog(db, clock).verify()).toEqual({ ok: true, count: 5 });
      // Cutting the keyed part and restoring the old unkeyed head is now tampering.
      attacker(db);
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
      setHead(db, { count: 4, hash: rows(db)[3]!.hash });
      expect(createAuditLog(db, clock).verify()).toMatchObject({
        ok: false,
        firstBadSeq: 5,
        problem: 'anchor_forged',
      });
    });
  });

  it('an unkeyed record edited before the upgrade is still found after it', async () => {
    await withStore(legacy.openStore, (db) => {
      writeLegacy(db, 4);
      db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
      ensureKeyedChain(db, clock);
      const keyed = createAuditLog(db, clock).read().at(-1)!;
      expect(keyed.details).toMatchObject({ unkeyedChain: 'edited at record 2' });
    });
    cli = legacy;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'edited' });
  });
});
